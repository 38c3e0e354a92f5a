package dev.sixteen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Background;
import dev.sixteen.Peer;
import dev.sixteen.server.ServerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ServerApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = "sixteen.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
class CliTests {

	@Autowired
	private TcpNetServerConnectionFactory listener;

	/**
	 * A command line of Spring settings alone runs the server without picocli, whose
	 * classes the image's AOT cache cannot hold; anything else is picocli's to parse.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			''                                      | true
			--sixteen.server.port=0 --server.port=0 | true
			server --sixteen.server.port=0          | false
			--help                                  | false
			--version                               | false
			-h                                      | false
			--sixteen.server.port 0                 | false
			""")
	void onlySpringSettingsSkipTheParser(String line, boolean settingsOnly) {
		String[] args = line.isEmpty() ? new String[0] : line.split(" ");
		assertThat(SixteenCommand.onlySpringSettings(args)).isEqualTo(settingsOnly);
	}

	@Test
	void clientPrintsTheReplyAndExitsZero() {
		Result result = run("client", "127.0.0.1", "-p", String.valueOf(this.listener.getPort()));
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("The server said b'Farewell, client'");
	}

	@Test
	void clientSendsAndReadsTheLengthsItsSettingsGive() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<String> request = Background.supply(() -> answer(server, 4, "Farewell"));
			Result result = run("client", "127.0.0.1", "-p", String.valueOf(server.getLocalPort()),
					"--sixteen.client.request-length=4", "--sixteen.client.reply-length=8",
					"--sixteen.client.message=Hi!!");
			assertThat(request.get(30, TimeUnit.SECONDS)).isEqualTo("Hi!!");
			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(result.out()).contains("The server said b'Farewell'");
		}
	}

	@Test
	void clientSaysConnectionRefusedAndExitsOne() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Result result = run("client", "127.0.0.1", "-p", String.valueOf(closedPort));
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err())
			.isEqualTo("sixteen: cannot connect to 127.0.0.1:" + closedPort + ": connection refused\n");
	}

	@Test
	void clientSaysHowShortAShortReplyWasAndExitsOne() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Void> shortServer = Background.run(() -> answer(server, "Farewel"));
			Result result = run("client", "127.0.0.1", "-p", String.valueOf(server.getLocalPort()));
			shortServer.get();
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err())
				.isEqualTo("sixteen: was expecting 16 bytes but only received 7 bytes before the socket closed\n");
		}
	}

	@Test
	void clientGivesUpOnASilentServerAfterItsReadTimeout() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Result result = run("client", "127.0.0.1", "-p", String.valueOf(server.getLocalPort()),
					"--sixteen.client.read-timeout=300ms");
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err()).isEqualTo("sixteen: no reply from 127.0.0.1:" + server.getLocalPort()
					+ " within 300 ms (sixteen.client.read-timeout)\n");
		}
	}

	@Test
	void serverFailsToStartOnABusyPortInOneLine(CapturedOutput output) {
		int busy = this.listener.getPort();
		Result result = run("server", "-p", String.valueOf(busy), "--server.port=0");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output.getAll())
			.contains("Start-up failed: cannot listen on 0.0.0.0:" + busy + ": address already in use")
			.doesNotContain("\tat ");
	}

	@Test
	void clientSaysTheHostIsUnknownAndExitsOne() {
		Result result = run("client", "no-such-host.invalid", "-p", "1060");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err()).isEqualTo("sixteen: cannot connect to no-such-host.invalid:1060: unknown host\n");
	}

	@Test
	void clientGivesUpConnectingAfterItsConnectTimeout() throws Exception {
		// a listener whose accept queue is full: the kernel drops further SYNs, so a
		// connect on loopback neither succeeds nor is refused until it times out
		try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				QueueFiller queue = QueueFiller.fill(full)) {
			Result result = run("client", "127.0.0.1", "-p", String.valueOf(full.getLocalPort()),
					"--sixteen.client.connect-timeout=1s");
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err()).isEqualTo("sixteen: cannot connect to 127.0.0.1:" + full.getLocalPort()
					+ ": timed out (sixteen.client.connect-timeout)\n");
		}
	}

	@Test
	void serverAndClientExchangeFramesOfEightOctetsWhenSoSet() {
		try (ConfigurableApplicationContext eight = new SpringApplication(ServerApplication.class).run(
				"--sixteen.server.port=0", "--server.port=0", "--sixteen.server.frame-length=8",
				"--sixteen.server.reply=Farewell")) {
			int port = eight.getBean(TcpNetServerConnectionFactory.class).getPort();
			assertThat(Peer.connect(port).send("Hi there".getBytes(StandardCharsets.US_ASCII)).read(16))
				.isEqualTo("Farewell".getBytes(StandardCharsets.US_ASCII));
			Result result = run("client", "127.0.0.1", "-p", String.valueOf(port), "--sixteen.client.frame-length=8",
					"--sixteen.client.message=Hi there");
			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(result.out()).contains("The server said b'Farewell'\n");
		}
	}

	@Test
	void helpNamesTheCommands() {
		Result result = run("--help");
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("server", "client", "Spring settings pass through");
	}

	@Test
	void clientWithoutAHostIsAUsageError() {
		Result result = run("client");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Missing required parameter: 'HOST'");
	}

	private static void answer(ServerSocket server, String reply) {
		answer(server, 16, reply);
	}

	/** Reads a request of the length given, answers, closes; returns the request. */
	private static String answer(ServerSocket server, int requestLength, String reply) {
		try (Socket peer = server.accept(); InputStream in = peer.getInputStream()) {
			String request = new String(in.readNBytes(requestLength), StandardCharsets.UTF_8);
			peer.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
			return request;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = SixteenCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new Result(exitCode, out.toString(), err.toString());
	}

	private record Result(int exitCode, String out, String err) {
	}

	/** Connections that fill a listener's accept queue, never accepted. */
	private record QueueFiller(List<Socket> sockets) implements AutoCloseable {

		static QueueFiller fill(ServerSocket listener) throws IOException {
			List<Socket> sockets = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				Socket socket = new Socket();
				try {
					socket.connect(listener.getLocalSocketAddress(), 200);
					sockets.add(socket);
				}
				catch (SocketTimeoutException ex) {
					socket.close();
					return new QueueFiller(sockets);
				}
			}
			throw new IllegalStateException("the accept queue took 16 connections without filling up");
		}

		@Override
		public void close() throws IOException {
			for (Socket socket : this.sockets) {
				socket.close();
			}
		}

	}

}
