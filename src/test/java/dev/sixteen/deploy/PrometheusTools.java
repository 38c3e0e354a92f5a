package dev.sixteen.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The {@code prometheus} and {@code promtool} binaries of the machine (Debian's
 * {@code prometheus} package), found on the PATH. Tests that need them are skipped,
 * saying why, where they are missing.
 */
final class PrometheusTools {

	private static final long PROMTOOL_TIMEOUT_SECONDS = 60;

	private PrometheusTools() {
	}

	/**
	 * The binary, or the calling test skipped when it is missing.
	 * @param name {@code prometheus} or {@code promtool}
	 * @return its path
	 */
	static Path require(String name) {
		Optional<Path> binary = find(name);
		String missing = name + " is not installed (apt-get install -y prometheus)";
		// CI (.ci/run) installs Prometheus and sets this, so that there a missing binary
		// fails instead
		if (Boolean.parseBoolean(System.getenv("SIXTEEN_REQUIRE_PROMETHEUS"))) {
			return binary
				.orElseThrow(() -> new IllegalStateException(missing + " but SIXTEEN_REQUIRE_PROMETHEUS is set"));
		}
		Assumptions.assumeTrue(binary.isPresent(), missing + ": skipping the tests that need it");
		return binary.orElseThrow();
	}

	static Optional<Path> find(String name) {
		String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
		return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/bin", "/usr/local/bin"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Runs promtool.
	 * @param input what to feed it on standard input, empty for nothing
	 * @param workDirectory where it runs, and where its output is kept
	 * @param args its arguments
	 * @return its exit code and output
	 */
	static Outcome promtool(String input, Path workDirectory, String... args) {
		List<String> command = new ArrayList<>();
		command.add(require("promtool").toString());
		command.addAll(List.of(args));
		try {
			Path stdin = Files.writeString(Files.createTempFile(workDirectory, "promtool", ".in"), input);
			Path stdout = Files.createTempFile(workDirectory, "promtool", ".out");
			Process process = new ProcessBuilder(command).directory(workDirectory.toFile())
				.redirectInput(stdin.toFile())
				.redirectOutput(stdout.toFile())
				.redirectErrorStream(true)
				.start();
			if (!process.waitFor(PROMTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("promtool ran over " + PROMTOOL_TIMEOUT_SECONDS + "s: " + command);
			}
			return new Outcome(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * How a promtool run ended.
	 *
	 * @param exitCode its exit code
	 * @param output what it printed, standard output and error together
	 */
	record Outcome(int exitCode, String output) {
	}

}
