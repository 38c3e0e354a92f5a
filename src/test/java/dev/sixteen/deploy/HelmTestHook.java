package dev.sixteen.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sixteen.SixteenApplication;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;

/**
 * The chart's helm test pod, run here: its arguments and environment exactly as rendered,
 * handed to the application's main class as the image's entrypoint hands them over. Only
 * the Service's host name, the second argument, becomes 127.0.0.1.
 */
final class HelmTestHook {

	private static final long TIMEOUT_SECONDS = 90;

	private final List<String> args;

	private final Map<String, String> environment;

	private HelmTestHook(List<String> args, Map<String, String> environment) {
		this.args = args;
		this.environment = environment;
	}

	/**
	 * The test pod's container as rendered.
	 * @param manifests the rendered chart
	 * @return the hook
	 * @throws AssertionError if the container overrides the image's entrypoint
	 */
	static HelmTestHook from(Manifests manifests) {
		Map<String, Object> container = map(at(manifests.one("Pod"), "spec", "containers", 0));
		if (container.containsKey("command")) {
			throw new AssertionError("the test pod replaces the image's entrypoint: " + container.get("command"));
		}
		List<String> args = new ArrayList<>();
		for (Object arg : (List<?>) container.get("args")) {
			args.add(String.valueOf(arg));
		}
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object variable : (List<?>) container.get("env")) {
			environment.put((String) at(variable, "name"), String.valueOf(at(variable, "value")));
		}
		return new HelmTestHook(args, environment);
	}

	List<String> args() {
		return this.args;
	}

	/**
	 * Runs the hook against a server on 127.0.0.1 instead of the Service, in a JVM of its
	 * own.
	 * @param workDirectory where it runs and where its output goes
	 * @return the exit code and what it printed
	 */
	Result runAgainstLoopback(Path workDirectory) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), SixteenApplication.class.getName()));
		List<String> args = new ArrayList<>(this.args);
		args.set(1, "127.0.0.1");
		command.addAll(args);
		try {
			Files.createDirectories(workDirectory);
			Path log = workDirectory.resolve("helm-test.log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(this.environment);
			Process process = builder.start();
			process.getOutputStream().close();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("the helm test ran over " + TIMEOUT_SECONDS + "s");
			}
			return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
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
	 * How the hook ended.
	 *
	 * @param exitCode its exit code: 0 passes the helm test
	 * @param output what it printed
	 */
	record Result(int exitCode, String output) {
	}

}
