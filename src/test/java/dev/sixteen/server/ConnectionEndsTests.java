package dev.sixteen.server;

import java.time.Duration;
import java.util.Arrays;

import dev.sixteen.Peer;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every connection's end is counted once, by its cause, on real sockets: at any moment
 * the connections accepted are those ended (all causes) plus those open.
 */
class ConnectionEndsTests {

	@Test
	void countsEachEndOfAKeptAliveConnectionByItsCause() throws Exception {
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class,
				ManualClock.Config.class)
			.web(WebApplicationType.NONE)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1",
					"--sixteen.server.close-after-reply=false", "--sixteen.server.read-timeout=1s",
					"--sixteen.server.max-connections-per-client=2", "--sixteen.server.drain-delay=0s");
		Meters meters = new Meters(server.getBean(MeterRegistry.class));
		ManualClock clock = server.getBean(ManualClock.class);
		int port = server.getBean(SixteenServerFactory.class).getPort();
		try {
			try (Peer peer = Peer.connect(port)) {
				assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			}
			awaitEnded(meters, "peer_left", 1);
			try (Peer peer = Peer.connect(port)) {
				peer.send(Arrays.copyOf(Peer.HI, 5));
			}
			awaitEnded(meters, "failed", 1);
			try (Peer idle = Peer.connect(port); Peer drained = Peer.connect(port)) {
				// both answered, so both admitted: each connection is admitted on its own
				// thread, and the third must not come first
				assertThat(idle.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
				assertThat(drained.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
				try (Peer third = Peer.connect(port)) {
					// over max-connections-per-client, refused without a reply
					assertThat(third.readNext()).isEqualTo(-1);
				}
				awaitEnded(meters, "refused", 1);
				assertBalanced(meters);
				assertThat(meters.open()).isEqualTo(2);
				assertThat(drained.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
				clock.advance(Duration.ofMillis(500));
				assertThat(drained.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
				// past the deadline of the connection idle since its first reply, not the
				// other's
				clock.advance(Duration.ofMillis(700));
				awaitEnded(meters, "idle", 1);
				assertThat(idle.readNext()).isEqualTo(-1);
				assertBalanced(meters);
				server.close();
				assertThat(drained.readNext()).isEqualTo(-1);
			}
			assertThat(meters.ended("drained")).isOne();
			assertThat(meters.ended("replied")).isZero();
			assertThat(meters.open()).isZero();
			assertBalanced(meters);
			assertThat(meters.accepted()).isEqualTo(5);
		}
		finally {
			server.close();
		}
	}

	@Test
	void countsConnectionsClosedAfterTheirReplyAsReplied() {
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
			.web(WebApplicationType.NONE)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1");
		try {
			Meters meters = new Meters(server.getBean(MeterRegistry.class));
			int port = server.getBean(SixteenServerFactory.class).getPort();
			for (int i = 0; i < 3; i++) {
				assertThat(Peer.exchange(port)).isEqualTo(Peer.FAREWELL);
			}
			awaitEnded(meters, "replied", 3);
			assertThat(meters.endedForAnyCause()).isEqualTo(3);
			assertBalanced(meters);
		}
		finally {
			server.close();
		}
	}

	private static void awaitEnded(Meters meters, String cause, double count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> meters.ended(cause) == count);
	}

	/** Accepted = ended + open, once no connection is on its way in or out. */
	private static void assertBalanced(Meters meters) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(meters.accepted()).isEqualTo(meters.endedForAnyCause() + meters.open()));
	}

}
