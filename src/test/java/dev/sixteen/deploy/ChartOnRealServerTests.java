package dev.sixteen.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

import static dev.sixteen.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's application.yml and its helm test pod, run against real servers on
 * 127.0.0.1: each server reads only the application.yml the chart rendered, as a pod
 * reads it from the ConfigMap.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ChartOnRealServerTests {

	/** 16 octets with a quote, which the client prints as b"...". */
	private static final String OTHER_REPLY = "Bye, it's over!!";

	@TempDir
	static @Nullable Path directory;

	private @Nullable RunningServer farewell;

	private @Nullable RunningServer other;

	private final int exchangePort = RunningServer.freePort();

	private final int httpPort = RunningServer.freePort();

	private final int otherExchangePort = RunningServer.freePort();

	@BeforeAll
	void startServersFromRenderedConfig() throws IOException {
		this.farewell = startFrom(values(this.exchangePort, this.httpPort), "farewell");
		this.other = startFrom(otherValues(), "other");
	}

	@AfterAll
	void stopServers() {
		if (this.farewell != null) {
			this.farewell.close();
		}
		if (this.other != null) {
			this.other.close();
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
	void helmTestPassesAgainstTheServer() {
		HelmTestHook.Result result = HelmTestHook.from(Chart.render(values(this.exchangePort, this.httpPort)))
			.runAgainstLoopback(workDirectory("pass"));

		assertThat(result.output()).contains("The server said b'Farewell, client'");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void helmTestFailsUnlessTheReplyIsFarewellClient() {
		HelmTestHook.Result result = HelmTestHook.from(Chart.render(values(this.otherExchangePort, this.httpPort)))
			.runAgainstLoopback(workDirectory("fail"));

		assertThat(result.output()).contains("The server said b\"" + OTHER_REPLY + "\"")
			.contains("FAILED: expected the reply b'Farewell, client'");
		assertThat(result.exitCode()).isNotZero();
	}

	@Test
	void helmTestExpectsTheReplyTheValuesConfigure() {
		HelmTestHook hook = HelmTestHook.from(Chart.render(otherValues()));

		HelmTestHook.Result result = hook.runAgainstLoopback(workDirectory("other-hook"));

		assertThat(hook.environment()).containsEntry("EXPECTED_REPLY", "b\"" + OTHER_REPLY + "\"");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void helmTestFailsWhenNoServerAnswers() {
		HelmTestHook.Result result = HelmTestHook.from(Chart.render(values(RunningServer.freePort(), this.httpPort)))
			.runAgainstLoopback(workDirectory("refused"));

		assertThat(result.output()).contains("connection refused").contains("FAILED: no exchange");
		assertThat(result.exitCode()).isNotZero();
	}

	/** Values for a server on 127.0.0.1 only; the ports are the ones under test. */
	private static Map<String, Object> values(int exchange, int http) {
		return Map.of("ports.exchange", exchange, "ports.http", http, "config.host", "127.0.0.1",
				"extraConfig.server.address", "127.0.0.1");
	}

	private Map<String, Object> otherValues() {
		Map<String, Object> values = new HashMap<>(values(this.otherExchangePort, RunningServer.freePort()));
		values.put("config.reply", OTHER_REPLY);
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
