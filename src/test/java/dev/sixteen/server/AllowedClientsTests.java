package dev.sixteen.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

import dev.sixteen.Peer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "sixteen.server.port=0", "sixteen.server.host=::",
		"sixteen.server.allowed-clients=10.0.0.0/8,::1" })
class AllowedClientsTests {

	@Autowired
	private ListenerConnectionFactory listener;

	@Autowired
	private MeterRegistry registry;

	@Test
	void closesAPeerFromANetworkNotAllowedAndCountsIt() throws IOException {
		Meters meters = new Meters(this.registry);
		double rejected = meters.failed("rejected");
		try (Peer peer = Peer.connect(InetAddress.getByName("127.0.0.1"), this.listener.getPort())) {
			peer.send(Peer.HI);
			assertThat(peer.read(16)).isEmpty();
		}
		catch (java.io.UncheckedIOException ex) {
			assertThat(ex).hasCauseInstanceOf(SocketException.class);
		}
		await().until(() -> meters.failed("rejected") == rejected + 1);
	}

	@Test
	void answersAPeerFromAnAllowedNetwork() throws IOException {
		assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback (::1)");
		try (Peer peer = Peer.connect(InetAddress.getByName("::1"), this.listener.getPort())) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
		}
	}

	private static boolean hasIpv6Loopback() throws SocketException {
		NetworkInterface loopback = NetworkInterface.getByName("lo");
		return loopback != null && loopback.inetAddresses()
			.anyMatch((address) -> address instanceof Inet6Address && address.isLoopbackAddress());
	}

}
