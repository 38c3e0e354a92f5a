package dev.sixteen.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import dev.sixteen.server.ServerApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The sixteen server running in this JVM, reached only over real sockets: the exchange on
 * its TCP port, the actuator over HTTP.
 */
final class RunningServer implements AutoCloseable {

	static final String MESSAGE = "Hi there, server";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private RunningServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the server as {@code java -jar sixteen.jar} would, with these arguments.
	 * @param args Spring arguments, such as {@code --sixteen.server.port=0}
	 * @return the started server
	 */
	static RunningServer start(String... args) {
		return new RunningServer(new SpringApplication(ServerApplication.class).run(args));
	}

	/** The actuator's port. */
	int httpPort() {
		return Integer.parseInt(Objects.requireNonNull(this.context.getEnvironment().getProperty("local.server.port")));
	}

	/**
	 * The exchange's port, as the listener bound it: the actuator shows only statuses.
	 */
	int exchangePort() {
		return this.context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

	JsonNode health(String path) {
		return json.readTree(get(path, "application/json"));
	}

	/**
	 * GETs a path of the actuator.
	 * @param path the path
	 * @param accept the media types to accept
	 * @return the body
	 */
	String get(String path, String accept) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
			.header("Accept", accept)
			.timeout(TIMEOUT)
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Makes one exchange over a real socket on 127.0.0.1.
	 * @param port the exchange port
	 * @return the reply, decoded as UTF-8
	 */
	static String exchange(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(MESSAGE.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readNBytes(16), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A port free on 127.0.0.1 a moment ago, for settings that cannot say 0.
	 * @return the port
	 */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
