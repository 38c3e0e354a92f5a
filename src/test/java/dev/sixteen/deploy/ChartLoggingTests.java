package dev.sixteen.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.sixteen.Background;
import dev.sixteen.SixteenApplication;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.sixteen.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's one-value switch to structured logs, on a real server process that reads
 * only the rendered application.yml: its console lines are JSON objects of the format
 * asked for.
 */
class ChartLoggingTests {

	private static final long STARTUP_SECONDS = 60;

	@TempDir
	Path directory;

	@ParameterizedTest
	@CsvSource({ "ecs, /ecs/version", "logstash, /@version", "gelf, /short_message" })
	void loggingFormatTurnsTheConsoleIntoJsonLines(String format, String pointer) throws Exception {
		Map<String, Object> values = Map.of("logging.format", format, "ports.exchange", RunningServer.freePort(),
				"ports.http", RunningServer.freePort(), "config.host", "127.0.0.1", "extraConfig.server.address",
				"127.0.0.1");
		Path config = Files.createDirectories(this.directory.resolve("config"));
		Files.writeString(config.resolve("application.yml"),
				(String) at(Chart.render(values).one("ConfigMap", Chart.RELEASE), "data", "application.yml"));

		JsonNode line = firstJsonLine("--spring.config.additional-location=file:" + config + "/");

		assertThat(line.at(pointer).isMissingNode()).as("%s has %s", line, pointer).isFalse();
	}

	/**
	 * Starts the server as a process of its own and reads its console up to a JSON line.
	 */
	private JsonNode firstJsonLine(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), SixteenApplication.class.getName()));
		command.addAll(List.of(args));
		Process server = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.start();
		List<String> seen = new ArrayList<>();
		CompletableFuture<JsonNode> json = Background.supply(() -> readUpToJson(server, seen));
		try {
			return json.get(STARTUP_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AssertionError("no JSON line from the server; it printed:\n" + String.join("\n", seen), ex);
		}
		finally {
			server.destroy();
			if (!server.waitFor(30, TimeUnit.SECONDS)) {
				server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private static JsonNode readUpToJson(Process server, List<String> seen) {
		JsonMapper json = JsonMapper.builder().build();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				synchronized (seen) {
					seen.add(line);
				}
				if (line.startsWith("{")) {
					return json.readTree(line);
				}
			}
			throw new IllegalStateException("the server ended, exit code " + server.waitFor());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
