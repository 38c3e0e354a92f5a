package dev.sixteen.server;

import java.net.InetAddress;

import dev.sixteen.Peer;
import dev.sixteen.server.listener.SixteenServerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The default host, {@code 0.0.0.0}, takes both IPv4 and IPv6 peers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "logging.level.sixteen.exchanges=warn" })
class ListenerAddressTests {

	@Autowired
	private SixteenServerFactory serverFactory;

	@Test
	void answersOverIpv4() throws Exception {
		try (Peer peer = Peer.connect(InetAddress.getByName("127.0.0.1"), this.serverFactory.getPort())) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
		}
	}

	@Test
	void answersOverIpv6() throws Exception {
		assumeTrue(AllowedClientsTests.hasIpv6Loopback(), "this machine has no IPv6 loopback (::1)");
		try (Peer peer = Peer.connect(InetAddress.getByName("::1"), this.serverFactory.getPort())) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
		}
	}

}
