package dev.sixteen;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real process, stopped the way Kubernetes stops it: SIGTERM.
 */
class ShutdownSignalTests {

	/**
	 * What a JVM stopped by SIGTERM exits with once every shutdown hook has run (128 +
	 * 15); a halt from a hook would end it with that hook's status instead.
	 */
	private static final int SIGTERM_EXIT = 143;

	@Test
	void drainsTheExchangeInFlightOnSigtermLogsTheDrainAndExits143() throws Exception {
		try (ServerProcess server = ServerProcess.start(0, List.of(), "server", "127.0.0.1", "-p", "0",
				"--server.port=0")) {
			int port = server.awaitListening();
			try (Peer peer = Peer.connect(port)) {
				peer.send(Arrays.copyOfRange(Peer.HI, 0, 8));
				server.terminate();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(server.log()).contains("Stopped accepting"));
				assertThat(peer.send(Arrays.copyOfRange(Peer.HI, 8, 16)).read(16)).isEqualTo(Peer.FAREWELL);
			}
			assertThat(server.awaitExit()).as(server.log()).isEqualTo(SIGTERM_EXIT);
			// the drain's last line, logged while the shutdown hooks ran, reached the
			// output
			assertThat(server.log()).contains("Drained: 1 connections finished, 0 closed unfinished");
		}
	}

}
