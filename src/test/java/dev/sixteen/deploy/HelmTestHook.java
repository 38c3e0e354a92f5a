package dev.sixteen.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;

/**
 * The chart's helm test pod, run here: its command, arguments and environment exactly as
 * rendered, with {@code java} standing in for the image's JVM. The stand-in checks that
 * it is asked for the image's launcher and runs the same main class from this JVM's class
 * path instead of the image's {@code /app}.
 */
final class HelmTestHook {

	/** The main class of the image's ENTRYPOINT (Spring Boot's launcher over /app). */
	static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	private static final long TIMEOUT_SECONDS = 90;

	private final List<String> command;

	private final Map<String, String> environment;

	private HelmTestHook(List<String> command, Map<String, String> environment) {
		this.command = command;
		this.environment = environment;
	}

	static HelmTestHook from(Manifests manifests) {
		Map<String, Object> container = map(at(manifests.one("Pod"), "spec", "containers", 0));
		List<String> command = new ArrayList<>();
		for (Object part : (List<?>) container.get("command")) {
			command.add(String.valueOf(part));
		}
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object variable : (List<?>) container.get("env")) {
			environment.put((String) at(variable, "name"), String.valueOf(at(variable, "value")));
		}
		return new HelmTestHook(command, environment);
	}

	Map<String, String> environment() {
		return this.environment;
	}

	/**
	 * Runs the hook's command against a server on 127.0.0.1 instead of the Service.
	 * @param workDirectory where the stand-in {@code java} goes
	 * @return the exit code and what the command printed
	 */
	Result runAgainstLoopback(Path workDirectory) {
		try {
			Path bin = Files.createDirectories(workDirectory.resolve("bin"));
			writeJavaStandIn(bin.resolve("java"));
			Path log = workDirectory.resolve("helm-test.log");
			ProcessBuilder builder = new ProcessBuilder(this.command).directory(workDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(this.environment);
			builder.environment().put("SIXTEEN_HOST", "127.0.0.1");
			builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
			Process process = builder.start();
			process.getOutputStream().close();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("the helm test command ran over " + TIMEOUT_SECONDS + "s");
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

	private static void writeJavaStandIn(Path java) throws IOException {
		String javaHome = System.getProperty("java.home");
		String classPath = System.getProperty("java.class.path");
		String script = """
				#!/bin/sh
				# Stands in for the image's java: the same application, from the test class path.
				if [ "$1" != "%s" ]; then
				  echo "the image has no main class $1" >&2
				  exit 97
				fi
				shift
				exec '%s/bin/java' -cp '%s' dev.sixteen.SixteenApplication "$@"
				""".formatted(LAUNCHER, javaHome, classPath);
		Files.writeString(java, script);
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	/**
	 * How the hook's command ended.
	 *
	 * @param exitCode its exit code: 0 passes the helm test
	 * @param output what it printed
	 */
	record Result(int exitCode, String output) {
	}

}
