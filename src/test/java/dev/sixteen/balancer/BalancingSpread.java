package dev.sixteen.balancer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A measurement, not a test of the build (its name does not end in {@code Tests}, so
 * {@code ./mvnw verify} leaves it out): how evenly HAProxy's {@code roundrobin} and
 * {@code leastconn} spread one-shot and kept-alive clients over three instances, how much
 * a fourth, started under that load, takes of the next exchanges, and where the load goes
 * once one of the first three is drained away (HAProxy's current sessions for the
 * connections). docs/scaling.md quotes its table:
 *
 * <pre>
 * ./mvnw -q test -Dtest=BalancingSpread -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The table is logged and written to {@code target/balancing-spread.md}. It only checks
 * that nothing was lost.
 */
class BalancingSpread {

	private static final Logger log = LoggerFactory.getLogger(BalancingSpread.class);

	private static final int CLIENTS = 6;

	private static final int EXCHANGES = 20_000;

	@Test
	void measureTheSpreadOfEachBalancingAndMode(@TempDir Path directory) throws Exception {
		List<String> rows = new ArrayList<>();
		rows.add("| balance | clients | replies a / b / c, 3 up | max/min | d's share once up"
				+ " | b / c / d once a is drained | connections b / c / d then |");
		rows.add("| --- | --- | --- | --- | --- | --- | --- |");
		for (String balance : List.of("roundrobin", "leastconn")) {
			for (boolean keptAlive : List.of(false, true)) {
				rows.add(measure(Files.createDirectories(directory.resolve(balance + "-" + keptAlive)), balance,
						keptAlive));
			}
		}
		String table = String.join("\n", rows);
		log.info("Balancing spread:\n{}", table);
		Files.writeString(Path.of("target", "balancing-spread.md"), table + "\n");
	}

	private String measure(Path directory, String balance, boolean keptAlive) throws Exception {
		List<String> settings = List.of("--sixteen.server.close-after-reply=" + !keptAlive,
				"--logging.level.sixteen.exchanges=warn", "--sixteen.server.drain-delay=2s");
		try (LoopbackCluster cluster = LoopbackCluster.create(directory, balance, 4, settings)) {
			cluster.launch("a", "b", "c");
			cluster.awaitStatus("d", "DOWN");
			ExchangeLoad load = ExchangeLoad.start(cluster.haproxy().port(), keptAlive ? 0 : CLIENTS,
					keptAlive ? CLIENTS : 0, () -> balance);
			try {
				Map<String, Long> start = cluster.replies(List.of("a", "b", "c"));
				awaitExchanges(load, EXCHANGES);
				Map<String, Long> three = minus(cluster.replies(List.of("a", "b", "c")), start);
				cluster.launch("d");
				Map<String, Long> joined = cluster.replies(List.of("a", "b", "c", "d"));
				awaitExchanges(load, EXCHANGES);
				Map<String, Long> four = minus(cluster.replies(List.of("a", "b", "c", "d")), joined);
				// a scale-down: a drained away, its kept-alive clients connect again
				List<String> rest = List.of("b", "c", "d");
				cluster.instance("a").terminate();
				cluster.awaitStatus("a", "DOWN");
				cluster.instance("a").awaitExit();
				Map<String, Long> drained = cluster.replies(rest);
				awaitExchanges(load, EXCHANGES);
				Map<String, Long> after = minus(cluster.replies(rest), drained);
				String connections = rest.stream()
					.map((name) -> cluster.haproxy().stat(name).get("scur"))
					.collect(Collectors.joining(" / "));
				load.stop();
				assertThat(load.lost()).as("%s", load.losses()).isZero();
				long max = three.values().stream().mapToLong(Long::longValue).max().orElseThrow();
				long min = three.values().stream().mapToLong(Long::longValue).min().orElseThrow();
				long total = four.values().stream().mapToLong(Long::longValue).sum();
				long afterTotal = after.values().stream().mapToLong(Long::longValue).sum();
				String shares = rest.stream()
					.map((name) -> "%.0f%%".formatted(100.0 * after.get(name) / afterTotal))
					.collect(Collectors.joining(" / "));
				return "| %s | %d %s | %d / %d / %d | %s | %.0f%% | %s | %s |".formatted(balance, CLIENTS,
						keptAlive ? "kept-alive" : "one-shot", three.get("a"), three.get("b"), three.get("c"),
						(min == 0) ? "∞" : "%.2f".formatted((double) max / min), 100.0 * four.get("d") / total, shares,
						connections);
			}
			finally {
				load.stop();
			}
		}
	}

	private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
		Map<String, Long> difference = new LinkedHashMap<>();
		after.forEach((name, count) -> difference.put(name, count - before.getOrDefault(name, 0L)));
		return difference;
	}

	private static void awaitExchanges(ExchangeLoad load, int count) {
		long before = load.exchanges();
		await(count + " more exchanges").atMost(Duration.ofSeconds(120))
			.until(() -> load.exchanges() >= before + count);
	}

}
