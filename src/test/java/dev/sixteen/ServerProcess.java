package dev.sixteen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The server as a real process of its own, started as {@code java ... server} on this
 * JVM's java and classpath, its output kept for the test to read.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("Listening on \\S*:(\\d+)");

	private static final Pattern TOMCAT = Pattern.compile("Tomcat started on port (\\d+)");

	private final Process process;

	private final StringBuffer log = new StringBuffer();

	private final CompletableFuture<Void> copied;

	private ServerProcess(Process process) {
		this.process = process;
		this.copied = Background.run(this::copyLines);
	}

	/**
	 * Starts {@code java JVM_OPTIONS -cp CLASSPATH dev.sixteen.SixteenApplication ARGS}.
	 * @param openFiles the process's limit of open files ({@code ulimit -n}), or 0 to
	 * keep this one's
	 * @param jvmOptions options for the JVM, such as {@code -XX:MaxRAM=512m}
	 * @param args the command line, such as {@code server 127.0.0.1 -p 0}
	 * @return the started process; {@link #awaitListening()} waits for its listener
	 */
	public static ServerProcess start(int openFiles, List<String> jvmOptions, String... args) {
		try {
			return new ServerProcess(
					new ProcessBuilder(command(openFiles, jvmOptions, args)).redirectErrorStream(true).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The command line that starts the server as a process of its own: this JVM's java
	 * and classpath, {@code dev.sixteen.SixteenApplication}, the arguments.
	 * @param openFiles the process's limit of open files ({@code ulimit -n}), or 0 to
	 * keep this one's
	 * @param jvmOptions options for the JVM, such as {@code -XX:MaxRAM=512m}
	 * @param args the command line, such as {@code server 127.0.0.1 -p 0}
	 * @return the command
	 */
	public static List<String> command(int openFiles, List<String> jvmOptions, String... args) {
		List<String> command = new ArrayList<>();
		if (openFiles > 0) {
			command.addAll(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$0\" \"$@\""));
		}
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), SixteenApplication.class.getName()));
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * Waits until the TCP listener is bound.
	 * @return its port
	 */
	public int awaitListening() {
		return Integer.parseInt(awaitGroup(LISTENING));
	}

	/**
	 * Waits until the actuator's web server has started.
	 * @return its port
	 */
	public int awaitActuator() {
		return Integer.parseInt(awaitGroup(TOMCAT));
	}

	/**
	 * Waits until the output has a line matching the pattern.
	 * @param pattern what to find, with one group
	 * @return the group
	 */
	public String awaitGroup(Pattern pattern) {
		await().atMost(Duration.ofSeconds(60)).until(() -> pattern.matcher(this.log).find() || !this.process.isAlive());
		Matcher matcher = pattern.matcher(this.log);
		if (!matcher.find()) {
			throw new IllegalStateException("the server ended before printing " + pattern + ":\n" + this.log);
		}
		return matcher.group(1);
	}

	/** What the process printed so far. */
	public String log() {
		return this.log.toString();
	}

	/**
	 * Sends SIGTERM, as Kubernetes stops a pod; unlike a kill, the output stays readable.
	 */
	public void terminate() {
		this.process.toHandle().destroy();
	}

	/**
	 * Waits for the process to end and for its output to be read.
	 * @return its exit status
	 */
	public int awaitExit() throws Exception {
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the server did not exit:\n" + this.log);
		}
		this.copied.get(10, TimeUnit.SECONDS);
		return this.process.exitValue();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	private void copyLines() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				this.log.append(line).append('\n');
			}
		}
		catch (IOException ex) {
			this.log.append("(log ended: ").append(ex.getMessage()).append(")\n");
		}
	}

}
