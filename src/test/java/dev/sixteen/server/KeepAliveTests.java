package dev.sixteen.server;

import java.io.IOException;
import java.time.Duration;

import dev.sixteen.Peer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.close-after-reply=false",
				"sixteen.server.read-timeout=1s", "logging.level.sixteen.exchanges=warn" })
class KeepAliveTests {

	@Autowired
	private ListenerConnectionFactory listener;

	@Autowired
	private MeterRegistry registry;

	@Test
	void servesOneHundredExchangesOnOneConnection() {
		Meters meters = new Meters(this.registry);
		double accepted = meters.accepted();
		double replies = meters.replies();
		try (Peer peer = Peer.connect(this.listener.getPort())) {
			for (int i = 0; i < 100; i++) {
				assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			}
		}
		// a reply is counted once written, so the peer may read it a moment before
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(meters.replies()).isEqualTo(replies + 100));
		assertThat(meters.accepted()).isEqualTo(accepted + 1);
	}

	@Test
	void closesAConnectionIdleBetweenFramesWithoutCountingAFailure() throws IOException {
		Meters meters = new Meters(this.registry);
		double timeouts = meters.failed("timeout");
		try (Peer peer = Peer.connect(this.listener.getPort())) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			// read-timeout is 1 s: the server closes the idle connection, which got its
			// reply
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> meters.open() == 0);
		assertThat(meters.failed("timeout")).isEqualTo(timeouts);
	}

	@Test
	void answersFramesPipelinedInOneWrite() {
		byte[] three = new byte[48];
		for (int i = 0; i < 3; i++) {
			System.arraycopy(Peer.HI, 0, three, 16 * i, 16);
		}
		try (Peer peer = Peer.connect(this.listener.getPort())) {
			byte[] replies = peer.send(three).read(48);
			assertThat(replies).hasSize(48);
			for (int i = 0; i < 3; i++) {
				assertThat(java.util.Arrays.copyOfRange(replies, 16 * i, 16 * i + 16)).isEqualTo(Peer.FAREWELL);
			}
		}
	}

}
