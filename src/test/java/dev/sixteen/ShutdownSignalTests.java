package dev.sixteen;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real process, stopped the way Kubernetes stops it: SIGTERM.
 */
class ShutdownSignalTests {

	private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");

	/**
	 * What a JVM stopped by SIGTERM exits with once every shutdown hook has run (128 +
	 * 15); a halt from a hook would end it with that hook's status instead.
	 */
	private static final int SIGTERM_EXIT = 143;

	@Test
	void drainsTheExchangeInFlightOnSigtermLogsTheDrainAndExits143() throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		Process server = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
				SixteenApplication.class.getName(), "server", "127.0.0.1", "-p", "0", "--server.port=0"))
			.redirectErrorStream(true)
			.start();
		StringBuffer log = new StringBuffer();
		CompletableFuture<Void> copied = Background.run(() -> copyLines(server, log));
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> LISTENING.matcher(log).find());
			Matcher listening = LISTENING.matcher(log);
			assertThat(listening.find()).isTrue();
			int port = Integer.parseInt(listening.group(1));
			try (Peer peer = Peer.connect(port)) {
				peer.send(Arrays.copyOfRange(Peer.HI, 0, 8));
				// SIGTERM, and unlike Process.destroy() it leaves the output readable
				server.toHandle().destroy();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(log.toString()).contains("Stopped accepting"));
				assertThat(peer.send(Arrays.copyOfRange(Peer.HI, 8, 16)).read(16)).isEqualTo(Peer.FAREWELL);
			}
			assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
			copied.get(10, TimeUnit.SECONDS);
			assertThat(server.exitValue()).as(log.toString()).isEqualTo(SIGTERM_EXIT);
			// the drain's last line, logged while the shutdown hooks ran, reached the
			// output
			assertThat(log.toString()).contains("Drained: 1 connections finished, 0 closed unfinished");
		}
		finally {
			server.destroyForcibly();
		}
	}

	private static void copyLines(Process process, StringBuffer log) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				log.append(line).append('\n');
			}
		}
		catch (java.io.IOException ex) {
			log.append("(log ended: ").append(ex.getMessage()).append(")\n");
		}
	}

}
