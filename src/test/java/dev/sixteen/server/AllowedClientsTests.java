package dev.sixteen.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

import dev.sixteen.Peer;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Peers from the allowed networks only. Every address of 127.0.0.0/8 is this machine on
 * Linux, so a peer can come from 127.0.0.2 (allowed) or 127.0.0.3 (not) on any host.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "sixteen.server.port=0",
		"sixteen.server.allowed-clients=10.0.0.0/8,127.0.0.2/32,::1", "logging.level.sixteen.exchanges=warn" })
class AllowedClientsTests {

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private MeterRegistry registry;

	@Test
	void answersAPeerFromAnAllowedNetwork() throws IOException {
		try (Socket socket = from("127.0.0.2")) {
			socket.getOutputStream().write(Peer.HI);
			assertThat(socket.getInputStream().readNBytes(16)).isEqualTo(Peer.FAREWELL);
		}
	}

	@Test
	void closesAPeerFromANetworkNotAllowedAndCountsIt() throws IOException {
		Meters meters = new Meters(this.registry);
		double rejected = meters.failed("not_allowed");
		try (Socket socket = from("127.0.0.3")) {
			socket.getOutputStream().write(Peer.HI);
			assertThat(socket.getInputStream().readNBytes(16)).isEmpty();
		}
		catch (SocketException ex) {
			// a reset is as good a refusal as a close
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> meters.failed("not_allowed") == rejected + 1);
	}

	@Test
	void answersAnAllowedIpv6Peer() throws IOException {
		assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback (::1)");
		try (Peer peer = Peer.connect(InetAddress.getByName("::1"), this.serverFactory.getPort())) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
		}
	}

	/** A connection to the server from the given loopback address. */
	private Socket from(String address) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setSoTimeout(10_000);
			socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.serverFactory.getPort()));
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw new UncheckedIOException(ex);
		}
	}

	static boolean hasIpv6Loopback() throws SocketException {
		NetworkInterface loopback = NetworkInterface.getByName("lo");
		return loopback != null && loopback.inetAddresses()
			.anyMatch((address) -> address instanceof Inet6Address && address.isLoopbackAddress());
	}

}
