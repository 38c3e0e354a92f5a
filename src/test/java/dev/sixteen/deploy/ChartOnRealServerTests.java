package dev.sixteen.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Background;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

import static dev.sixteen.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chart's application.yml and its helm test pod, run against real servers on
 * 127.0.0.1: each server reads only the application.yml the chart rendered, as a pod
 * reads it from the ConfigMap, and stops as a pod does on SIGTERM.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ChartOnRealServerTests {

	/** The reply of a server whose replies are 8 octets long (its requests 4). */
	private static final String SHORT_REPLY = "Farewell";

	@TempDir
	static @Nullable Path directory;

	private @Nullable RunningServer farewell;

	private @Nullable RunningServer shortFrames;

	private final int exchangePort = RunningServer.freePort();

	private final int httpPort = RunningServer.freePort();

	private final int shortExchangePort = RunningServer.freePort();

	@BeforeAll
	void startServersFromRenderedConfig() throws IOException {
		this.farewell = startFrom(values(this.exchangePort, this.httpPort), "farewell");
		this.shortFrames = startFrom(shortValues(), "short-frames");
	}

	@AfterAll
	void stopServers() {
		if (this.farewell != null) {
			this.farewell.close();
		}
		if (this.shortFrames != null) {
			this.shortFrames.close();
		}
	}

	@Test
	void serverListensOnThePortsSetInValues() {
		RunningServer server = startedFarewell();

		assertThat(server.exchangePort()).isEqualTo(this.exchangePort);
		assertThat(server.httpPort()).isEqualTo(this.httpPort);
		assertThat(server.health("/actuator/health/readiness").path("status").asString()).isEqualTo("UP");
		assertThat(RunningServer.exchange(this.exchangePort)).isEqualTo("Farewell, client");
	}

	@Test
	void serverKeepsAcceptingForTheRenderedDrainDelayOnceReadinessIsDown() throws Exception {
		int port = RunningServer.freePort();
		Map<String, Object> values = new HashMap<>(values(port, RunningServer.freePort()));
		values.remove("config.drain-delay");
		RunningServer server = startFrom(values, "drain");
		long stopAt = System.nanoTime();

		CompletableFuture<Void> stopped = Background.run(server::close);
		await().atMost(Duration.ofSeconds(4))
			.until(() -> !"UP".equals(server.health("/actuator/health/readiness").path("status").asString()));
		String reply = RunningServer.exchange(port);
		stopped.get(30, TimeUnit.SECONDS);

		assertThat(reply).as("a connection after readiness went down").isEqualTo("Farewell, client");
		assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).as("the ClusterIP drain-delay, 5 s")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void helmTestPassesAgainstTheServer() {
		HelmTestHook hook = HelmTestHook.from(Chart.render(values(this.exchangePort, this.httpPort)));

		HelmTestHook.Result result = hook.runAgainstLoopback(workDirectory("pass"));

		assertThat(hook.args()).startsWith("client", "sixteen.sixteen-test.svc", "-p",
				String.valueOf(this.exchangePort));
		assertThat(result.output()).contains("The server said b'Farewell, client'");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void helmTestFailsOnAReplyOfTheWrongLength() {
		HelmTestHook.Result result = HelmTestHook.from(Chart.render(values(this.shortExchangePort, this.httpPort)))
			.runAgainstLoopback(workDirectory("short"));

		assertThat(result.output()).doesNotContain("The server said").doesNotContain("connection refused");
		assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
	}

	@Test
	void helmTestSpeaksTheFrameLengthTheValuesConfigure() {
		HelmTestHook.Result result = HelmTestHook.from(Chart.render(shortValues()))
			.runAgainstLoopback(workDirectory("short-hook"));

		assertThat(result.output()).contains("The server said b'" + SHORT_REPLY + "'");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void helmTestFailsWhenNoServerAnswers() {
		HelmTestHook.Result result = HelmTestHook.from(Chart.render(values(RunningServer.freePort(), this.httpPort)))
			.runAgainstLoopback(workDirectory("refused"));

		assertThat(result.output()).contains("connection refused");
		assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
	}

	/**
	 * Values for a server on 127.0.0.1 only; the ports are the ones under test. No
	 * balancer needs a drain-delay here, so the servers stop at once unless a test wants
	 * the chart's.
	 */
	private static Map<String, Object> values(int exchange, int http) {
		return Map.of("ports.exchange", exchange, "ports.http", http, "config.host", "127.0.0.1",
				"extraConfig.server.address", "127.0.0.1", "config.drain-delay", "0s");
	}

	/**
	 * Values for a server that reads 4-octet requests and answers 8-octet replies, and a
	 * helm test that sends one of those requests.
	 */
	private Map<String, Object> shortValues() {
		Map<String, Object> values = new HashMap<>(values(this.shortExchangePort, RunningServer.freePort()));
		values.put("config.request-length", 4);
		values.put("config.reply-length", SHORT_REPLY.length());
		values.put("config.reply", SHORT_REPLY);
		values.put("tests.message", "Hi!!");
		return values;
	}

	private RunningServer startFrom(Map<String, Object> values, String name) throws IOException {
		Path config = Files.createDirectories(workDirectory(name).resolve("config"));
		Map<String, Object> configMap = Chart.render(values).one("ConfigMap", Chart.RELEASE);
		Files.writeString(config.resolve("application.yml"), (String) at(configMap, "data", "application.yml"));
		return RunningServer.start("--spring.config.additional-location=file:" + config + "/");
	}

	private RunningServer startedFarewell() {
		assertThat(this.farewell).as("server started").isNotNull();
		return Objects.requireNonNull(this.farewell);
	}

	private Path workDirectory(String name) {
		return Objects.requireNonNull(directory).resolve(name);
	}

}
