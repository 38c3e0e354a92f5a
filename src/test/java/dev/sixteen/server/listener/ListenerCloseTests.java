package dev.sixteen.server.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Background;
import dev.sixteen.Peer;
import dev.sixteen.server.ManualClock;
import dev.sixteen.server.Meters;
import dev.sixteen.server.ServerApplication;
import dev.sixteen.server.connection.ExchangeConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How the TCP listener closes: when the server stops, after {@code drain-delay} and only
 * once it has taken every connection the kernel completed; and when its socket is closed
 * under it, with liveness turning BROKEN.
 */
class ListenerCloseTests {

	@Test
	void takesEveryConnectionTheKernelQueuedBeforeItCloses() throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		GatedThreads.gate = gate;
		GatedThreads.waiting = 0;
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class,
				GatedThreads.class)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1", "--server.port=0",
					"--sixteen.server.read-timeout=60s");
		List<Peer> peers = new ArrayList<>();
		try {
			SixteenServerFactory serverFactory = server.getBean(SixteenServerFactory.class);
			int port = serverFactory.getPort();
			// the accept loop holds the first connection at the gate; the kernel
			// completes
			// and queues the others
			for (int i = 0; i < 10; i++) {
				peers.add(Peer.connect(port));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> GatedThreads.waiting == 1);
			listeningSocket(serverFactory).closeWhenQueueEmpty();
			gate.countDown();
			for (Peer peer : peers) {
				assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> !serverFactory.isListening());
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> Peer.connect(port))
				.withCauseInstanceOf(ConnectException.class);
		}
		finally {
			gate.countDown();
			peers.forEach(Peer::close);
			server.close();
		}
	}

	@Test
	void keepsAcceptingForTheDrainDelayAfterReadinessTurnsDown() throws Exception {
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class,
				ManualClock.Config.class)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1", "--server.port=0",
					"--sixteen.server.drain-delay=10s");
		ManualClock clock = server.getBean(ManualClock.class);
		int port = server.getBean(SixteenServerFactory.class).getPort();
		String readiness = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port")
				+ "/actuator/health/readiness";
		HttpClient http = HttpClient.newHttpClient();
		CompletableFuture<Void> stopping = Background.run(server::close);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> http
				.send(HttpRequest.newBuilder(URI.create(readiness)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 503);
		// balancers are told first; meanwhile new connections are still served
		assertThat(Peer.exchange(port)).isEqualTo(Peer.FAREWELL);
		assertThat(stopping).isNotDone();
		clock.advance(Duration.ofSeconds(11));
		stopping.get(30, TimeUnit.SECONDS);
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> Peer.connect(port))
			.withCauseInstanceOf(ConnectException.class);
	}

	@Test
	void turnsLivenessBrokenWhenTheListeningSocketIsClosedUnderIt() throws Exception {
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1", "--server.port=0");
		try {
			SixteenServerFactory serverFactory = server.getBean(SixteenServerFactory.class);
			ApplicationAvailability availability = server.getBean(ApplicationAvailability.class);
			Meters meters = new Meters(server.getBean(MeterRegistry.class));
			assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
			listeningSocket(serverFactory).close();
			await().atMost(Duration.ofSeconds(10)).until(() -> availability.getLivenessState() == LivenessState.BROKEN);
			assertThat(meters.listenerUp()).isZero();
		}
		finally {
			server.close();
		}
	}

	@Test
	void aStopIsNoReasonForLivenessToBreak() throws Exception {
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1", "--server.port=0");
		ApplicationAvailability availability = server.getBean(ApplicationAvailability.class);
		SixteenServerFactory serverFactory = server.getBean(SixteenServerFactory.class);
		server.close();
		assertThat(serverFactory.isListening()).isFalse();
		assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
	}

	private static ListeningSocket listeningSocket(SixteenServerFactory serverFactory) throws IOException {
		Object socket = ReflectionTestUtils.getField(serverFactory, "listening");
		assertThat(socket).isInstanceOf(ServerSocket.class);
		return (ListeningSocket) socket;
	}

	/**
	 * Connection threads with a gate: the accept loop, handing over a connection, waits
	 * there, so that the connections after it queue in the kernel.
	 */
	@Configuration(proxyBeanMethods = false)
	static class GatedThreads {

		static volatile CountDownLatch gate = new CountDownLatch(0);

		static volatile int waiting;

		@Bean
		@Primary
		Executor gatedConnectionExecutor() {
			SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("gated-");
			return (task) -> {
				if (task instanceof ExchangeConnection) {
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
