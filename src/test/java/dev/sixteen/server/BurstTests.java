package dev.sixteen.server;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Peer;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.max-connections=20", "sixteen.server.read-timeout=60s",
				"logging.level.sixteen.exchanges=warn" })
class BurstTests {

	private static final int BURST = 300;

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private MeterRegistry registry;

	/**
	 * The previous test's last exchange may still be closing, its reply not yet counted
	 * (a reply is counted once written, so its peer may read it a moment before).
	 */
	@BeforeEach
	void waitForTheLastConnectionToClose() {
		Meters meters = new Meters(this.registry);
		meters.awaitQuiet();
	}

	@Test
	void holdsMaxConnectionsUnderABurstAndAnswersAgainAfterIt() throws Exception {
		Meters meters = new Meters(this.registry);
		int port = this.serverFactory.getPort();
		double rejected = meters.failed("over_limit");
		double replies = meters.replies();
		ExecutorService clients = Executors.newFixedThreadPool(100);
		List<Peer> peers = new ArrayList<>();
		try {
			// the whole burst connects at once, and every peer holds its connection
			List<Future<Peer>> connecting = new ArrayList<>();
			for (int i = 0; i < BURST; i++) {
				connecting.add(clients.submit(() -> Peer.connect(port)));
			}
			for (Future<Peer> peer : connecting) {
				peers.add(peer.get(60, TimeUnit.SECONDS));
			}
			// the first twenty wait for their frame; every other one was refused
			await().atMost(Duration.ofSeconds(30))
				.until(() -> meters.failed("over_limit") == rejected + BURST - 20 && meters.open() == 20);
			List<Future<Boolean>> outcomes = new ArrayList<>();
			for (Peer peer : peers) {
				outcomes.add(clients.submit(() -> answered(peer)));
			}
			int answered = 0;
			for (Future<Boolean> outcome : outcomes) {
				answered += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(answered).isEqualTo(20);
		}
		finally {
			peers.forEach(Peer::close);
			clients.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> meters.replies() == replies + 20);
		meters.awaitQuiet();
		assertThat(Peer.exchange(port)).isEqualTo(Peer.FAREWELL);
	}

	@Test
	void refusesAWholeBurstWhileTheLimitIsHeld() throws Exception {
		Meters meters = new Meters(this.registry);
		int port = this.serverFactory.getPort();
		double rejected = meters.failed("over_limit");
		List<Peer> holders = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				holders.add(Peer.connect(port));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.open() == 20);
			for (int i = 0; i < 50; i++) {
				assertThat(answered(port)).isFalse();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.failed("over_limit") == rejected + 50);
		}
		finally {
			holders.forEach(Peer::close);
		}
		meters.awaitQuiet();
		assertThat(Peer.exchange(port)).isEqualTo(Peer.FAREWELL);
	}

	private static boolean answered(int port) {
		try (Peer peer = Peer.connect(port)) {
			return answered(peer);
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	/** Sends the message; true if the reply came, false if the server closed or reset. */
	private static boolean answered(Peer peer) {
		try {
			return Arrays.equals(peer.send(Peer.HI).read(16), Peer.FAREWELL);
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof SocketException) {
				return false;
			}
			throw ex;
		}
	}

}
