package dev.sixteen.server.edge;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.sixteen.Peer;
import dev.sixteen.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No PROXY header field and no address setting reaches a name lookup, shown on a server
 * process whose JVM resolves names from a hosts file of the test's own
 * ({@code jdk.net.hosts.file}): in it {@code cafe}, {@code 999.1.1.1} and {@code zz:1}
 * are names that resolve, as a DNS server could make them. The server takes them for what
 * they are, not address literals.
 */
class NoNameLookupTests {

	private static final String HOSTS = """
			127.0.0.1 localhost
			::1 localhost cafe zz:1
			127.0.0.1 999.1.1.1
			""";

	@Test
	void refusesAHeaderThatNamesAHostAsMalformedWithoutResolvingIt(@TempDir Path dir) throws Exception {
		// the listener's host is a setting that may be a name: that cafe resolves to ::1
		// here
		// shows the hosts file is in force in the server's JVM
		try (ServerProcess server = start(dir, "--sixteen.server.host=cafe",
				"--sixteen.server.proxy-protocol.mode=optional",
				"--sixteen.server.proxy-protocol.trusted-proxies=::1")) {
			int port = server.awaitListening();
			int actuator = server.awaitActuator();
			assertThat(server.log()).contains("Listening on [0:0:0:0:0:0:0:1]:" + port);

			assertThat(answered(port, "PROXY TCP6 cafe ::1 4242 1060\r\n")).isFalse();
			assertThat(answered(port, "PROXY TCP4 999.1.1.1 127.0.0.1 4242 1060\r\n")).isFalse();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> scrape(actuator).contains("sixteen_exchanges_failed_total{reason=\"proxy_header\"} 2.0"));
			assertThat(server.log())
				.contains("failed (proxy_header): malformed PROXY header: 'cafe' port '4242' is not a TCP6 address")
				.contains("failed (proxy_header): malformed PROXY header: '999.1.1.1' port '4242' is not a TCP4");
			// a header that names an address literal is still believed
			assertThat(answered(port, "PROXY TCP6 ::ffff:203.0.113.7 ::1 4242 1060\r\n")).isTrue();
			await().atMost(Duration.ofSeconds(30)).until(() -> server.log().contains("accepted from 203.0.113.7:4242"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "999.1.1.1", "zz:1" })
	void refusesANameForAnAllowedClientAtStartUpWithoutResolvingIt(String name, @TempDir Path dir) throws Exception {
		try (ServerProcess server = start(dir, "--sixteen.server.host=127.0.0.1",
				"--sixteen.server.allowed-clients=" + name)) {
			assertThat(server.awaitExit()).as(server.log()).isEqualTo(1);
			assertThat(server.log()).contains("Start-up failed: invalid setting sixteen.server.allowed-clients=" + name
					+ ": must be a comma-separated list, each an IP address or CIDR block");
		}
	}

	private static ServerProcess start(Path dir, String... settings) throws IOException {
		Path hosts = Files.writeString(dir.resolve("hosts"), HOSTS);
		List<String> args = new ArrayList<>(
				List.of("server", "--sixteen.server.port=0", "--server.port=0", "--server.address=127.0.0.1"));
		args.addAll(List.of(settings));
		return ServerProcess.start(0, List.of("-Djdk.net.hosts.file=" + hosts), args.toArray(String[]::new));
	}

	/**
	 * Sends a header from ::1, a trusted proxy, then the message; true if the reply came.
	 */
	private static boolean answered(int port, String header) throws IOException {
		InetAddress loopback = InetAddress.getByName("::1");
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(10_000);
			socket.bind(new InetSocketAddress(loopback, 0));
			socket.connect(new InetSocketAddress(loopback, port));
			socket.getOutputStream().write(header.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(Peer.HI);
			InputStream in = socket.getInputStream();
			return Arrays.equals(in.readNBytes(16), Peer.FAREWELL);
		}
		catch (SocketException ex) {
			// a reset: the server closed with the message unread
			return false;
		}
	}

	private static String scrape(int port) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(10))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

}
