package dev.sixteen.balancer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import dev.sixteen.Peer;
import dev.sixteen.server.ServerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PROXY protocol as HAProxy sends it, v1 ({@code send-proxy}) and v2
 * ({@code send-proxy-v2}): a client at 127.0.0.2 reaches the server through HAProxy,
 * whose own connection comes from 127.0.0.1, and the server sees, logs and admits the
 * client by 127.0.0.2.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyProtocolThroughHaproxyTests {

	@TempDir
	Path directory;

	@Test
	void takesTheClientFromTheHeadersHaproxySendsInBothVersions(CapturedOutput output) throws IOException {
		Path binary = Haproxy.require();
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
			.web(WebApplicationType.NONE)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1",
					"--sixteen.server.proxy-protocol.mode=required",
					"--sixteen.server.proxy-protocol.trusted-proxies=127.0.0.1/32",
					// HAProxy's own address is not allowed: only the client's header lets
					// it in
					"--sixteen.server.allowed-clients=127.0.0.2/32")) {
			int port = server.getBean(TcpNetServerConnectionFactory.class).getPort();
			int v1 = freePort();
			int v2 = freePort();
			String listen = """
					listen v1
					    bind 127.0.0.1:%d
					    server sixteen 127.0.0.1:%d send-proxy
					listen v2
					    bind 127.0.0.1:%d
					    server sixteen 127.0.0.1:%d send-proxy-v2
					""".formatted(v1, port, v2, port);
			try (Haproxy haproxy = Haproxy.start(binary, this.directory, v1, listen)) {
				for (int frontend : new int[] { v1, v2 }) {
					try (Socket client = new Socket()) {
						client.setSoTimeout(10_000);
						client.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
						client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), frontend));
						client.getOutputStream().write(Peer.HI);
						InputStream in = client.getInputStream();
						assertThat(in.readNBytes(16)).as(haproxy.tail()).isEqualTo(Peer.FAREWELL);
						String line = "accepted from 127.0.0.2:" + client.getLocalPort() + ", socket name 127.0.0.1:"
								+ frontend;
						await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(line));
					}
				}
			}
			// straight to the server, no header: refused, counted
			try (Peer direct = Peer.connect(port)) {
				direct.send(Peer.HI);
				assertThat(closedWithoutReply(direct)).isTrue();
			}
			MeterRegistry registry = server.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("sixteen.exchanges.failed")
					.tag("reason", "proxy_header")
					.counter()
					.count() == 1);
			assertThat(registry.get("sixteen.replies.sent").counter().count()).isEqualTo(2);
		}
	}

	private static boolean closedWithoutReply(Peer peer) {
		try {
			return peer.readNext() == -1;
		}
		catch (IOException ex) {
			return !(ex instanceof java.net.SocketTimeoutException);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
