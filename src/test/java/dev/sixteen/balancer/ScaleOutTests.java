package dev.sixteen.balancer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out and scale-in behind a real balancer lose nothing: three instances behind
 * HAProxy ({@code leastconn}, what suits kept-alive clients: docs/scaling.md) under
 * continuous one-shot and kept-alive load ({@link ExchangeLoad}); a fourth is started,
 * and once HAProxy sees it ready it takes exchanges; then one of the first three is
 * drained away by SIGTERM, as a scale-down stops a pod. No client may lose an exchange,
 * no instance may count one as failed, and the drained one exits 143 with nothing closed
 * unfinished.
 */
class ScaleOutTests {

	private static final Logger log = LoggerFactory.getLogger(ScaleOutTests.class);

	private static final int SIGTERM_EXIT = 143;

	/** As in RollingRestartTests: HAProxy marks an instance DOWN in about 400 ms. */
	private static final Duration DRAIN_DELAY = Duration.ofSeconds(3);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private static final int ONE_SHOT_CLIENTS = 6;

	private static final int KEPT_ALIVE_CLIENTS = 2;

	private static final int STEADY_EXCHANGES = 1000;

	private static final Pattern DRAINED = Pattern.compile("Drained: \\d+ connections finished, 0 closed unfinished");

	private volatile String phase = "starting";

	@Test
	void aFourthInstanceTakesItsShareAndADrainedOneLosesNothing(@TempDir Path directory) throws Exception {
		List<String> settings = List.of("--sixteen.server.close-after-reply=false",
				"--sixteen.server.drain-delay=" + DRAIN_DELAY.toMillis() + "ms",
				"--sixteen.server.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms");
		@Nullable ExchangeLoad load = null;
		try (LoopbackCluster cluster = LoopbackCluster.create(directory, "leastconn", 4, settings)) {
			try {
				cluster.launch("a", "b", "c");
				cluster.awaitStatus("d", "DOWN");
				load = ExchangeLoad.start(cluster.haproxy().port(), ONE_SHOT_CLIENTS, KEPT_ALIVE_CLIENTS,
						() -> this.phase);
				this.phase = "three up";
				awaitExchanges(load, STEADY_EXCHANGES);

				this.phase = "d starting";
				cluster.launch("d");
				this.phase = "four up";
				await("d to answer exchanges once HAProxy sees it ready").atMost(Duration.ofSeconds(30))
					.until(() -> cluster.replies("d") > 0);
				awaitExchanges(load, STEADY_EXCHANGES);
				Map<String, Long> four = cluster.replies(List.of("a", "b", "c", "d"));
				log.info("Replies per instance with four up (leastconn): {}", four);

				this.phase = "a draining";
				ServerInstance drained = cluster.instance("a");
				drained.terminate();
				cluster.awaitStatus("a", "DOWN");
				int exit = drained.awaitExit();
				this.phase = "three up again";
				awaitExchanges(load, STEADY_EXCHANGES);
				load.stop();

				String context = load.totals() + "\n" + cluster.tails();
				assertThat(load.lost())
					.as("exchanges lost: %s; first losses:%n%s%n%s", load.lost(), String.join("\n", load.losses()),
							context)
					.isZero();
				assertThat(four.get("d")).as("d's share of the exchanges; %s", context).isPositive();
				assertThat(cluster.instances().stream().flatMap((server) -> server.scan().failures().stream()))
					.as("exchanges the servers counted as failed; %s", context)
					.isEmpty();
				assertThat(exit).as("a's exit status after SIGTERM; %s", context).isEqualTo(SIGTERM_EXIT);
				assertThat(drained.scan().drains()).as("a's drain; %s", context)
					.singleElement(InstanceOfAssertFactories.STRING)
					.containsPattern(DRAINED);
				log.info("Scale-out and drain behind HAProxy: {}; replies after: {}", load.totals(),
						cluster.replies(List.of("b", "c", "d")));
			}
			catch (RuntimeException ex) {
				throw new AssertionError(ex.getMessage() + "\n" + ((load != null) ? load.totals() : "no load yet")
						+ "\n" + cluster.tails(), ex);
			}
			finally {
				if (load != null) {
					load.stop();
				}
			}
		}
	}

	private static void awaitExchanges(ExchangeLoad load, int count) {
		long before = load.exchanges();
		await(count + " more exchanges").atMost(Duration.ofSeconds(30)).until(() -> load.exchanges() >= before + count);
	}

}
