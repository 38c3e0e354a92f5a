package dev.sixteen.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Background;
import dev.sixteen.Peer;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the server: readiness goes, the listener closes, exchanges in flight finish
 * within {@code shutdown-timeout}, and what cannot finish is closed and counted.
 */
class GracefulShutdownTests {

	private static final byte[] FIRST_HALF = Arrays.copyOfRange(Peer.HI, 0, 8);

	private static final byte[] SECOND_HALF = Arrays.copyOfRange(Peer.HI, 8, 16);

	@Test
	void finishesAnExchangeInFlightAndRefusesNewConnections() throws Exception {
		ConfigurableApplicationContext server = start();
		Meters meters = new Meters(server.getBean(MeterRegistry.class));
		ApplicationAvailability availability = server.getBean(ApplicationAvailability.class);
		int port = server.getBean(SixteenServerFactory.class).getPort();
		try (Peer peer = Peer.connect(port)) {
			peer.send(FIRST_HALF);
			await().until(() -> meters.open() == 1);
			CompletableFuture<Void> stopping = Background.run(server::close);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> Peer.connect(port))
							.withCauseInstanceOf(ConnectException.class));
			assertThat(stopping).isNotDone();
			assertThat(peer.send(SECOND_HALF).read(16)).isEqualTo(Peer.FAREWELL);
			assertThat(peer.readNext()).isEqualTo(-1);
			stopping.get(30, TimeUnit.SECONDS);
		}
		assertThat(meters.failed("shutdown")).isZero();
	}

	@Test
	void closesAndCountsAnExchangeThatDoesNotFinishInTime() throws Exception {
		ConfigurableApplicationContext server = start("--sixteen.server.shutdown-timeout=500ms",
				"--sixteen.server.read-timeout=60s");
		Meters meters = new Meters(server.getBean(MeterRegistry.class));
		try (Peer peer = Peer.connect(server.getBean(SixteenServerFactory.class).getPort())) {
			peer.send(FIRST_HALF);
			await().until(() -> meters.open() == 1);
			server.close();
			assertThat(closed(peer)).isTrue();
		}
		// counted by the connection's own thread as it ends
		await().atMost(Duration.ofSeconds(10)).until(() -> meters.failed("shutdown") == 1);
	}

	@Test
	void closesAKeptAliveConnectionWaitingBetweenFramesAtOnce() throws Exception {
		ConfigurableApplicationContext server = start("--sixteen.server.close-after-reply=false",
				"--sixteen.server.shutdown-timeout=60s");
		Meters meters = new Meters(server.getBean(MeterRegistry.class));
		try (Peer peer = Peer.connect(server.getBean(SixteenServerFactory.class).getPort())) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			CompletableFuture<Void> stopping = Background.run(server::close);
			// nothing is in flight, so the stop does not wait for the 60 s
			// shutdown-timeout
			stopping.get(30, TimeUnit.SECONDS);
			assertThat(closed(peer)).isTrue();
		}
		assertThat(meters.failed("shutdown")).isZero();
	}

	@Test
	void reportsTheDrainOnTheActuatorWhileAnExchangeFinishes() throws Exception {
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
			.run("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1", "--server.port=0");
		Meters meters = new Meters(server.getBean(MeterRegistry.class));
		HealthIndicator tcpListener = server.getBean("tcpListener", HealthIndicator.class);
		String actuator = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
		HttpClient http = HttpClient.newHttpClient();
		assertThat(get(http, actuator + "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get(http, actuator + "/actuator/prometheus").body()).contains("sixteen_listener_up 1.0");
		try (Peer peer = Peer.connect(server.getBean(SixteenServerFactory.class).getPort())) {
			peer.send(FIRST_HALF);
			await().until(() -> meters.open() == 1);
			CompletableFuture<Void> stopping = Background.run(server::close);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				HttpResponse<String> readiness = get(http, actuator + "/actuator/health/readiness");
				assertThat(readiness.statusCode()).isEqualTo(503);
				assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
			});
			assertThat(get(http, actuator + "/actuator/prometheus").body()).contains("sixteen_listener_up 0.0");
			assertThat(tcpListener.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(stopping).isNotDone();
			assertThat(peer.send(SECOND_HALF).read(16)).isEqualTo(Peer.FAREWELL);
			stopping.get(30, TimeUnit.SECONDS);
		}
	}

	private static HttpResponse<String> get(HttpClient http, String uri) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = Arrays.copyOf(new String[] { "--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1" },
				2 + args.length);
		System.arraycopy(args, 0, all, 2, args.length);
		return new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE).run(all);
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

}
