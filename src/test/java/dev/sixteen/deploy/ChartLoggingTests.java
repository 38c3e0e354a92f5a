package dev.sixteen.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.sixteen.ServerProcess;
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

	/** A console line that is a JSON object. */
	private static final Pattern JSON_LINE = Pattern.compile("(?m)^(\\{.*)$");

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
	private static JsonNode firstJsonLine(String... args) {
		try (ServerProcess server = ServerProcess.start(0, List.of(), args)) {
			return JsonMapper.builder().build().readTree(server.awaitGroup(JSON_LINE));
		}
	}

}
