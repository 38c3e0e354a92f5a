package dev.sixteen.balancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.sixteen.SixteenApplication;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * One instance of the server as its own JVM, on ports fixed for its whole life, so that
 * it can be stopped by SIGTERM and started again where the balancer expects it. Each
 * start writes the process's output to a file of its own: {@code a-1.log},
 * {@code a-2.log}.
 */
final class ServerInstance {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final int port;

	private final int httpPort;

	private final Path directory;

	private final List<String> settings;

	private final List<Path> logs = new ArrayList<>();

	private @Nullable Process process;

	/**
	 * Describes an instance; nothing runs until {@link #launch()}.
	 * @param name its name, in HAProxy's configuration and in its log files' names
	 * @param port the exchange's port
	 * @param httpPort the actuator's port
	 * @param directory where its log files go
	 * @param settings Spring arguments added to every start
	 */
	ServerInstance(String name, int port, int httpPort, Path directory, List<String> settings) {
		this.name = name;
		this.port = port;
		this.httpPort = httpPort;
		this.directory = directory;
		this.settings = List.copyOf(settings);
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	int httpPort() {
		return this.httpPort;
	}

	/** Starts the JVM, as {@code java -cp ... SixteenApplication server} would. */
	void launch() throws IOException {
		Path log = this.directory.resolve(this.name + "-" + (this.logs.size() + 1) + ".log");
		this.logs.add(log);
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), SixteenApplication.class.getName(), "server", "127.0.0.1", "-p",
				String.valueOf(this.port), "--server.port=" + this.httpPort, "--server.address=127.0.0.1"));
		command.addAll(this.settings);
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** Waits until the listener says it listens, or fails with the log if it died. */
	void awaitListening() {
		String listening = "Listening on 127.0.0.1:" + this.port;
		Process running = running();
		await(this.name + " listening").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !running.isAlive() || currentLog().contains(listening));
		if (!running.isAlive()) {
			throw new AssertionError(this.name + " exited with " + running.exitValue() + " at start-up:\n" + tails());
		}
	}

	/** Sends SIGTERM, as Kubernetes stops a pod. */
	void terminate() {
		running().destroy();
	}

	/**
	 * Waits for the process to exit.
	 * @return its exit status
	 */
	int awaitExit() throws InterruptedException {
		Process running = running();
		if (!running.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			throw new AssertionError(
					this.name + " still runs " + EXIT_TIMEOUT.toSeconds() + "s after SIGTERM:\n" + tails());
		}
		return running.exitValue();
	}

	/** Ends the process at once, if one runs: for cleaning up, whatever happened. */
	void kill() throws InterruptedException {
		Process running = this.process;
		if (running != null && running.isAlive()) {
			running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * What every start of this instance logged.
	 * @return the logs, oldest first
	 */
	List<String> logs() {
		return this.logs.stream().map(ServerInstance::read).toList();
	}

	/** The last lines each start logged, for a failure's message. */
	String tails() {
		StringBuilder tails = new StringBuilder();
		for (Path log : this.logs) {
			tails.append(Tail.of(log.getFileName().toString(), read(log)));
		}
		return tails.toString();
	}

	private String currentLog() {
		return read(this.logs.get(this.logs.size() - 1));
	}

	private Process running() {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException(this.name + " was never launched");
		}
		return running;
	}

	private static String read(Path log) {
		try {
			// tolerant of a line half written
			return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
