package dev.sixteen.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

import dev.sixteen.Peer;
import dev.sixteen.server.connection.ConnectionKit;
import dev.sixteen.server.connection.ExchangeConnection;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One address cannot take every slot: beyond {@code max-connections-per-client} its
 * connections are refused, while other addresses are still served. Every address of
 * 127.0.0.0/8 is this machine on Linux, so the clients come from 127.0.0.2 and 127.0.0.3.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.max-connections-per-client=2",
				"sixteen.server.read-timeout=60s", "logging.level.sixteen.exchanges=warn" })
class MaxConnectionsPerClientTests {

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ConnectionKit kit;

	@Test
	void refusesAnAddressBeyondItsLimitAndServesTheOthers() throws IOException {
		Meters meters = new Meters(this.registry);
		double refused = meters.failed("over_client_limit");
		try (Socket first = from("127.0.0.2"); Socket second = from("127.0.0.2")) {
			// both admitted, each on its own thread, before the third comes
			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.open() == 2 && !this.kit.connections()
					.anyMatch((connection) -> connection.state() == ExchangeConnection.State.ACCEPTED));
			try (Socket third = from("127.0.0.2")) {
				assertThat(answered(third)).isFalse();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.failed("over_client_limit") == refused + 1);
			try (Socket other = from("127.0.0.3")) {
				assertThat(answered(other)).isTrue();
			}
			assertThat(answered(first)).isTrue();
		}
		// its connections closed, the address is served again
		meters.awaitQuiet();
		try (Socket again = from("127.0.0.2")) {
			assertThat(answered(again)).isTrue();
		}
		assertThat(meters.failed("over_client_limit")).isEqualTo(refused + 1);
	}

	/** Sends the message; true on the reply, false if the server closed or reset. */
	private static boolean answered(Socket socket) throws IOException {
		try {
			socket.getOutputStream().write(Peer.HI);
			return java.util.Arrays.equals(socket.getInputStream().readNBytes(16), Peer.FAREWELL);
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private Socket from(String address) throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout(10_000);
		socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.serverFactory.getPort()));
		return socket;
	}

}
