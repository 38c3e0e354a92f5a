package dev.sixteen.server;

import java.io.IOException;
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

@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.max-connections=2", "sixteen.server.read-timeout=60s" })
class MaxConnectionsTests {

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private MeterRegistry registry;

	@Test
	void refusesConnectionsBeyondTheLimitCountsThemAndRecovers() {
		Meters meters = new Meters(this.registry);
		int port = this.serverFactory.getPort();
		double rejected = meters.failed("over_limit");
		try (Peer first = Peer.connect(port); Peer second = Peer.connect(port)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.open() == 2);
			try (Peer third = Peer.connect(port)) {
				// it asks, as a real client would: an admitted peer would get its reply
				assertThat(closedWithoutReply(third.send(Peer.HI))).isTrue();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.failed("over_limit") == rejected + 1);
			// the two admitted peers are still served
			assertThat(first.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			assertThat(second.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
		}
		meters.awaitQuiet();
		assertThat(Peer.exchange(port)).isEqualTo(Peer.FAREWELL);
	}

	/** True if the server closed (FIN or reset) before sending an octet. */
	private static boolean closedWithoutReply(Peer peer) {
		try {
			return peer.readNext() == -1;
		}
		catch (SocketException ex) {
			// a reset says the same: refused
			return true;
		}
		catch (IOException ex) {
			// the peer's own timeout: the server neither answered nor closed
			return false;
		}
	}

}
