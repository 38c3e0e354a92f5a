package dev.sixteen.server;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Background;
import dev.sixteen.Peer;
import dev.sixteen.server.connection.ExchangeConnection;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drain as a whole, driven through the application's lifecycle as SIGTERM drives it
 * (the context closing): after {@code drain-delay}, on the hand-turned clock, the
 * connections the kernel has queued are taken and served, a kept-alive connection idle
 * when the drain begins is closed at once, an exchange in flight is answered, and the
 * stop ends as soon as nothing is open, not at {@code shutdown-timeout}.
 */
class DrainTests {

	private static final byte[] FIRST_HALF = Arrays.copyOfRange(Peer.HI, 0, 8);

	private static final byte[] SECOND_HALF = Arrays.copyOfRange(Peer.HI, 8, 16);

	@Test
	void servesTheQueuedClosesTheIdleAnswersTheInFlightAndEndsWhenNothingIsOpen() throws Exception {
		Gate.close(false);
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class,
				ManualClock.Config.class, Gate.class)
			.web(WebApplicationType.NONE)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1",
					"--sixteen.server.close-after-reply=false", "--sixteen.server.read-timeout=60s",
					"--sixteen.server.drain-delay=10s", "--sixteen.server.shutdown-timeout=60s");
		Meters meters = new Meters(server.getBean(MeterRegistry.class));
		ManualClock clock = server.getBean(ManualClock.class);
		SixteenServerFactory serverFactory = server.getBean(SixteenServerFactory.class);
		int port = serverFactory.getPort();
		List<Peer> queued = new ArrayList<>();
		try (Peer idle = Peer.connect(port); Peer inFlight = Peer.connect(port)) {
			assertThat(idle.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			inFlight.send(FIRST_HALF);
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.received() == 24);
			CompletableFuture<Void> stopping = Background.run(server::close);
			// within the drain-delay the listener still accepts; from now on the accept
			// loop waits at the gate with the first of these, and the kernel queues the
			// rest
			Gate.close(true);
			for (int i = 0; i < 5; i++) {
				queued.add(Peer.connect(port).send(Peer.HI));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> Gate.waiting == 1);
			clock.advance(Duration.ofSeconds(11));
			// the drain knocks on its own listener to take what is queued before closing
			Object listening = ReflectionTestUtils.getField(serverFactory, "listening");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> ReflectionTestUtils.getField(listening, "knock") != null);
			Gate.open();
			for (Peer peer : queued) {
				assertThat(peer.read(16)).isEqualTo(Peer.FAREWELL);
				assertThat(closed(peer)).isTrue();
			}
			assertThat(closed(idle)).isTrue();
			assertThat(stopping).isNotDone();
			assertThat(inFlight.send(SECOND_HALF).read(16)).isEqualTo(Peer.FAREWELL);
			assertThat(closed(inFlight)).isTrue();
			// nothing left open: the stop ends now, not at the 60 s shutdown-timeout
			stopping.get(30, TimeUnit.SECONDS);
		}
		finally {
			Gate.open();
			queued.forEach(Peer::close);
			server.close();
		}
		// the idle one drained; the one in flight closed after its reply; each queued one
		// either, as its reply came before or after the drain began
		assertThat(meters.ended("drained")).isGreaterThanOrEqualTo(1);
		assertThat(meters.ended("replied")).isGreaterThanOrEqualTo(1);
		assertThat(meters.ended("drained") + meters.ended("replied")).isEqualTo(7);
		assertThat(meters.failedForAnyReason()).isZero();
		assertThat(meters.accepted()).isEqualTo(meters.endedForAnyCause()).isEqualTo(7);
	}

	/**
	 * Tells whether the server closed the connection: a FIN, or a reset. The peer's own
	 * read timeout (a server that never closed) is not a close.
	 */
	private static boolean closed(Peer peer) throws IOException {
		try {
			return peer.readNext() == -1;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	/**
	 * Connection threads with a gate: while it is closed, the accept loop, handing over a
	 * connection, waits there, so that the connections after it queue in the kernel.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Gate {

		static volatile CountDownLatch latch = new CountDownLatch(0);

		static volatile int waiting;

		static void close(boolean closed) {
			latch = new CountDownLatch(closed ? 1 : 0);
			waiting = 0;
		}

		static void open() {
			latch.countDown();
		}

		@Bean
		@Primary
		Executor gatedConnectionExecutor() {
			SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("gated-");
			return (task) -> {
				CountDownLatch gate = latch;
				if (task instanceof ExchangeConnection && gate.getCount() > 0) {
					waiting++;
					try {
						gate.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				threads.execute(task);
			};
		}

	}

}
