package dev.sixteen.balancer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.sixteen.ServerProcess;
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

	/** How much of the end of a log a wait reads: many more lines than come at once. */
	private static final int LATEST_OCTETS = 256 * 1024;

	/** How the exchange log ends the line of each exchange answered. */
	private static final String REPLIED = ", reply sent";

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
		List<String> command = new ArrayList<>(ServerProcess.command(0, List.of(), "server", "127.0.0.1", "-p",
				String.valueOf(this.port), "--server.port=" + this.httpPort, "--server.address=127.0.0.1"));
		command.addAll(this.settings);
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** Waits until the listener says it listens, or fails with the log if it died. */
	void awaitListening() {
		awaitLogged("Listening on 127.0.0.1:" + this.port, START_TIMEOUT);
	}

	/**
	 * Waits until the running process logs a text, or fails with the log if it exited.
	 * @param text what it logs
	 * @param atMost how long to wait
	 */
	void awaitLogged(String text, Duration atMost) {
		Process running = running();
		await(this.name + " to log '" + text + "'").atMost(atMost)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !running.isAlive() || latestLines().contains(text));
		if (!running.isAlive() && !latestLines().contains(text)) {
			throw new AssertionError(this.name + " exited with " + running.exitValue() + " before it logged '" + text
					+ "':\n" + tails());
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
	 * Reads what every start of this instance logged.
	 * @return the exchanges it answered, and the lines that matter besides
	 */
	ServerLog scan() {
		long[] replies = { 0 };
		List<String> failures = new ArrayList<>();
		List<String> drains = new ArrayList<>();
		for (Path log : this.logs) {
			read(log, (lines) -> lines.forEach((line) -> {
				if (line.contains(REPLIED)) {
					replies[0]++;
				}
				else if (line.contains(" failed (")) {
					failures.add(this.name + ": " + line);
				}
				else if (line.contains("Drained: ")) {
					drains.add(line);
				}
			}));
		}
		return new ServerLog(replies[0], failures, drains);
	}

	/**
	 * The last lines each start logged, for a failure's message, less the exchanges
	 * answered: what stays is start-up, the drain and each failed exchange.
	 */
	String tails() {
		StringBuilder tails = new StringBuilder();
		for (Path log : this.logs) {
			read(log, (lines) -> tails.append(Tail.of(log.getFileName() + ", exchanges answered left out",
					lines.filter((line) -> !line.contains(REPLIED)))));
		}
		return tails.toString();
	}

	/** The end of what the running process logged: the lines a wait looks for. */
	private String latestLines() {
		try (RandomAccessFile log = new RandomAccessFile(this.logs.get(this.logs.size() - 1).toFile(), "r")) {
			long from = Math.max(0, log.length() - LATEST_OCTETS);
			byte[] octets = new byte[(int) (log.length() - from)];
			log.seek(from);
			log.readFully(octets);
			return new String(octets, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Process running() {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException(this.name + " was never launched");
		}
		return running;
	}

	/** Reads a log line by line; it may be large: a line for each exchange. */
	private static void read(Path log, Consumer<Stream<String>> reading) {
		// a reader that replaces what is not UTF-8, such as a line half written
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8))) {
			reading.accept(reader.lines());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What an instance logged over all its starts.
	 *
	 * @param replies the exchanges it logged as answered
	 * @param failures each exchange it logged as failed
	 * @param drains each drain's last line
	 */
	record ServerLog(long replies, List<String> failures, List<String> drains) {
	}

}
