package dev.sixteen.server.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.sixteen.Peer;
import dev.sixteen.TestCertificates;
import dev.sixteen.server.ManualClock;
import dev.sixteen.server.Meters;
import dev.sixteen.server.ServerApplication;
import dev.sixteen.server.connection.ConnectionKit;
import dev.sixteen.server.connection.ExchangeConnection;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server behind a balancer that sends the PROXY protocol, on real sockets: the client
 * the header names is the peer for the log, {@code allowed-clients} and the per-client
 * limit; headers it does not accept end the connection without a reply, counted, and a
 * header that never ends is a late exchange like any other.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyProtocolServerTests {

	private static final String CLIENT = "PROXY TCP4 203.0.113.7 10.0.0.5 40412 1060\r\n";

	@Test
	void logsTheClientTheHeaderNamesAndAnswersIt(CapturedOutput output) throws IOException {
		try (Server server = Server.start("--sixteen.server.proxy-protocol.mode=required")) {
			assertThat(server.exchange("127.0.0.1", ascii(CLIENT))).isTrue();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.getOut()
					.contains(
							"accepted from 203.0.113.7:40412, socket name 10.0.0.5:1060, socket peer 203.0.113.7:40412"));
		}
	}

	@Test
	void admitsByTheClientTheHeaderNames() throws IOException {
		try (Server server = Server.start("--sixteen.server.proxy-protocol.mode=required",
				"--sixteen.server.allowed-clients=203.0.113.0/24")) {
			// the balancer (127.0.0.1) is not allowed; the client behind it is
			assertThat(server.exchange("127.0.0.1", ascii(CLIENT))).isTrue();
			assertThat(server.exchange("127.0.0.1", ascii("PROXY TCP4 198.51.100.1 10.0.0.5 40412 1060\r\n")))
				.isFalse();
			await().atMost(Duration.ofSeconds(10)).until(() -> server.meters().failed("not_allowed") == 1);
		}
	}

	@Test
	void limitsConnectionsPerClientTheHeaderNames() throws IOException {
		try (Server server = Server.start("--sixteen.server.proxy-protocol.mode=required",
				"--sixteen.server.max-connections-per-client=1", "--sixteen.server.read-timeout=60s");
				Socket held = server.connect("127.0.0.1")) {
			held.getOutputStream().write(ascii(CLIENT));
			// admitted, on its own thread once its header is read, before the next comes
			await().atMost(Duration.ofSeconds(10))
				.until(() -> server.meters().open() == 1 && !server.context()
					.getBean(ConnectionKit.class)
					.connections()
					.anyMatch((connection) -> connection.state() == ExchangeConnection.State.ACCEPTED));
			assertThat(server.exchange("127.0.0.1", ascii(CLIENT))).isFalse();
			await().atMost(Duration.ofSeconds(10)).until(() -> server.meters().failed("over_client_limit") == 1);
			assertThat(server.exchange("127.0.0.1", ascii("PROXY TCP4 203.0.113.8 10.0.0.5 40412 1060\r\n"))).isTrue();
		}
	}

	@Test
	void refusesHeadersItDoesNotAcceptWithoutAReplyAndCountsThem(CapturedOutput output) throws IOException {
		try (Server server = Server.start("--sixteen.server.proxy-protocol.mode=optional",
				"--sixteen.server.proxy-protocol.trusted-proxies=127.0.0.1/32")) {
			// from a peer not trusted to send one
			assertThat(server.exchange("127.0.0.2", ascii(CLIENT))).isFalse();
			// malformed, oversized, and cut short
			assertThat(server.exchange("127.0.0.1", ascii("PROXY TCP4 203.0.113.7 10.0.0.5 x 1060\r\n"))).isFalse();
			assertThat(server.exchange("127.0.0.1", ascii("PROXY TCP4 " + "9".repeat(120) + "\r\n"))).isFalse();
			assertThat(server.exchange("127.0.0.1",
					Arrays.copyOf(ProxyProtocolTests.v2(0x21, 0x11, new byte[5000]), 3000)))
				.isFalse();
			try (Socket cut = server.connect("127.0.0.1")) {
				cut.getOutputStream().write(ascii("PROXY TCP4 203.0.113.7"));
				cut.shutdownOutput();
				assertThat(cut.getInputStream().read()).isEqualTo(-1);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> server.meters().failed("proxy_header") == 5);
			assertThat(server.meters().failedForAnyReason()).isEqualTo(5);
			assertThat(server.meters().replies()).isZero();
			assertThat(output.getOut())
				.contains("failed (proxy_header): PROXY header from 127.0.0.2, which is not in"
						+ " sixteen.server.proxy-protocol.trusted-proxies")
				.contains("failed (proxy_header): malformed PROXY header: ")
				.contains("failed (proxy_header): PROXY header longer than 107 octets")
				.contains("failed (proxy_header): PROXY header longer than 1024 octets")
				.contains("failed (proxy_header): PROXY header cut short: the peer closed after 22 octets");
			// a peer without a header is served as itself
			assertThat(server.exchange("127.0.0.1", new byte[0])).isTrue();
		}
	}

	@Test
	void dropsAPeerWhoseHeaderNeverEndsAtTheDeadline() throws IOException {
		try (Server server = Server.start(ManualClock.Config.class, "--sixteen.server.proxy-protocol.mode=required");
				Socket stalled = server.connect("127.0.0.1")) {
			stalled.getOutputStream().write(ascii("PROXY TCP4 203.0.11"));
			await().atMost(Duration.ofSeconds(10)).until(() -> server.meters().open() == 1);
			server.context().getBean(ManualClock.class).advance(Duration.ofSeconds(11));
			assertThat(stalled.getInputStream().read()).isEqualTo(-1);
			await().atMost(Duration.ofSeconds(10)).until(() -> server.meters().failed("timeout") == 1);
		}
	}

	@Test
	void readsTheHeaderBeforeTheTlsHandshakeAndLeavesAClientWithoutOneToTls(@TempDir Path dir) throws IOException {
		TestCertificates certificates = TestCertificates.create(dir, "proxy");
		List<String> args = new ArrayList<>(
				List.of("--sixteen.server.proxy-protocol.mode=optional", "--sixteen.server.ssl.bundle=tcp"));
		args.addAll(certificates.bundle("tcp", "server"));
		SslBundle trust = SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("file:" + certificates.path("ca.crt"))));
		try (Server server = Server.start(args.toArray(String[]::new))) {
			try (Socket plain = server.connect("127.0.0.1")) {
				plain.getOutputStream().write(ascii(CLIENT));
				assertThat(exchangeOverTls(trust, plain, server.port())).isTrue();
			}
			// no header: the octets read while looking for one are the start of the
			// handshake
			try (Socket plain = server.connect("127.0.0.1")) {
				assertThat(exchangeOverTls(trust, plain, server.port())).isTrue();
			}
		}
	}

	private static boolean exchangeOverTls(SslBundle trust, Socket plain, int port) throws IOException {
		try (SSLSocket tls = (SSLSocket) trust.createSslContext()
			.getSocketFactory()
			.createSocket(plain, "127.0.0.1", port, true)) {
			tls.getOutputStream().write(Peer.HI);
			return Arrays.equals(tls.getInputStream().readNBytes(16), Peer.FAREWELL);
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * A server in this JVM that trusts loopback to send PROXY headers, unless told
	 * otherwise.
	 */
	private record Server(ConfigurableApplicationContext context, int port) implements AutoCloseable {

		static Server start(String... args) {
			return start(Object.class, args);
		}

		static Server start(Class<?> extra, String... args) {
			List<String> all = new ArrayList<>(List.of("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1"));
			all.addAll(List.of(args));
			if (all.stream().noneMatch((arg) -> arg.contains("trusted-proxies"))) {
				all.add("--sixteen.server.proxy-protocol.trusted-proxies=127.0.0.0/8");
			}
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApplication.class, extra)
				.web(WebApplicationType.NONE)
				.run(all.toArray(String[]::new));
			return new Server(context, context.getBean(SixteenServerFactory.class).getPort());
		}

		Meters meters() {
			return new Meters(this.context.getBean(MeterRegistry.class));
		}

		Socket connect(String from) throws IOException {
			Socket socket = new Socket();
			socket.setSoTimeout(10_000);
			socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			return socket;
		}

		/** Sends a header, then the message; true if the reply came. */
		boolean exchange(String from, byte[] header) throws IOException {
			try (Socket socket = connect(from)) {
				OutputStream out = socket.getOutputStream();
				out.write(header);
				out.write(Peer.HI);
				InputStream in = socket.getInputStream();
				return Arrays.equals(in.readNBytes(16), Peer.FAREWELL);
			}
			catch (SocketException ex) {
				// a reset: the server closed with the message unread
				return false;
			}
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

}
