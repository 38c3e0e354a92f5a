package dev.sixteen.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sixteen bench} against a {@link TinyServer} on 127.0.0.1: what it counts, how it
 * reports and how it exits. Every run is bounded by {@code -d} and most by {@code -n}.
 */
class BenchModeTests {

	private static final String REPLY = "Farewell, client";

	@Test
	void reportsExchangesAndLatencyPercentilesAsJson() throws IOException {
		try (TinyServer server = TinyServer.replying(REPLY)) {
			BenchRun run = BenchRun.against(server.port(), "-c", "4", "-d", "1s", "--json");

			assertThat(run.exitCode()).isZero();
			assertThat(run.err()).isEmpty();
			JsonNode json = run.json();
			assertThat(json.get("target").asString()).isEqualTo("127.0.0.1:" + server.port());
			assertThat(json.get("connections").asInt()).isEqualTo(4);
			assertThat(json.get("keepAlive").asInt()).isEqualTo(1);
			assertThat(json.get("seconds").asDouble()).isPositive();
			long exchanges = json.get("exchanges").asLong();
			assertThat(exchanges).isPositive();
			// the server counts a reply once written, so the client may have it a moment
			// before
			await().atMost(Duration.ofSeconds(10)).until(() -> server.replies() >= exchanges);
			assertThat(json.get("exchangesPerSecond").asDouble()).isPositive();
			assertThat(json.get("connects").asLong()).isPositive();
			assertThat(json.get("errors").asLong()).isZero();
			assertThat(json.get("errorsByReason").propertyNames()).containsExactly("refused", "reset", "closedEarly",
					"mismatched", "timeout", "other");
			json.get("errorsByReason").values().forEach((count) -> assertThat(count.asLong()).isZero());
			JsonNode latency = json.get("latencyMicros");
			assertThat(latency.propertyNames()).containsExactly("p50", "p90", "p99", "p999", "max");
			assertThat(latency.get("p50").asDouble()).isPositive().isLessThanOrEqualTo(latency.get("p90").asDouble());
			assertThat(latency.get("p99").asDouble()).isLessThanOrEqualTo(latency.get("p999").asDouble())
				.isLessThanOrEqualTo(latency.get("max").asDouble());
		}
	}

	@Test
	void printsATextSummaryAndStopsAfterTheGivenNumberOfExchanges() throws IOException {
		try (TinyServer server = TinyServer.replying(REPLY)) {
			BenchRun run = BenchRun.against(server.port(), "-c", "2", "-n", "200", "-d", "1m");

			assertThat(run.exitCode()).isZero();
			assertThat(run.out())
				.startsWith("bench 127.0.0.1:" + server.port()
						+ ": 2 connections, 1 exchange per connection, for 60 s or 200 exchanges\n")
				.contains("exchanges  200 in ")
				.contains("\nerrors     0\n")
				.containsPattern(
						"latency    p50 [0-9.]+ ms  p90 [0-9.]+ ms  p99 [0-9.]+ ms  p99\\.9 [0-9.]+ ms  max [0-9.]+ ms\n");
		}
	}

	@Test
	void showsAProgressLineEachSecondOnStandardError() throws IOException {
		try (TinyServer server = TinyServer.replying(REPLY)) {
			BenchRun run = BenchRun.against(server.port(), "-c", "2", "-d", "2s");

			assertThat(run.exitCode()).isZero();
			assertThat(run.err()).containsPattern("(?m)^   1s +[0-9]+ exchanges/s  errors 0$");
			assertThat(run.out()).doesNotContain("exchanges/s  errors");
		}
	}

	@Test
	void countsAShortReplyAsClosedEarlyAndExitsWithOne() throws IOException {
		try (TinyServer server = TinyServer.replyingOnceAndClosing("Farewell")) {
			BenchRun run = BenchRun.against(server.port(), "-c", "2", "-d", "500ms", "--json");

			assertThat(run.exitCode()).isOne();
			assertFailedOnlyFor(run.json(), "closedEarly");
		}
	}

	@Test
	void takesAnyReplyOfTheLengthGivenByReplyLength() throws IOException {
		try (TinyServer server = TinyServer.replying("Farewell, server")) {
			BenchRun run = BenchRun.against(server.port(), "-c", "2", "-d", "500ms", "--reply-length", "16", "--json");

			assertThat(run.exitCode()).as(run.err()).isZero();
			assertThat(run.json().get("errors").asLong()).isZero();
			assertThat(run.json().get("exchanges").asLong()).isPositive();
		}
	}

	@Test
	void refusesBothReplyAndReplyLength() throws IOException {
		try (TinyServer server = TinyServer.replying(REPLY)) {
			BenchRun run = BenchRun.against(server.port(), "-r", REPLY, "--reply-length", "16");

			assertThat(run.exitCode()).isEqualTo(2);
			assertThat(run.err()).contains("give --reply or --reply-length, not both");
		}
	}

	@Test
	void countsAWrongReplyAsMismatchedAndExitsWithOne() throws IOException {
		try (TinyServer server = TinyServer.replying("Farewell, server")) {
			BenchRun run = BenchRun.against(server.port(), "-c", "2", "-d", "500ms", "--json");

			assertThat(run.exitCode()).isOne();
			assertFailedOnlyFor(run.json(), "mismatched");
		}
	}

	@Test
	void countsAClosedPortAsRefused() throws IOException {
		int port;
		try (ServerSocket vacated = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = vacated.getLocalPort();
		}
		BenchRun run = BenchRun.against(port, "-c", "2", "-d", "300ms", "--json");

		assertThat(run.exitCode()).isOne();
		assertFailedOnlyFor(run.json(), "refused");
	}

	@Test
	void countsAServerThatNeverRepliesAsTimedOut() throws IOException {
		try (TinyServer server = TinyServer.silent()) {
			BenchRun run = BenchRun.against(server.port(), "-c", "2", "-d", "1s", "-t", "200ms", "--json");

			assertThat(run.exitCode()).isOne();
			assertFailedOnlyFor(run.json(), "timeout");
		}
	}

	@Test
	void exitsWithOneAndSaysSoWhenNoExchangeCompleted() throws IOException {
		try (TinyServer server = TinyServer.silent()) {
			// the one-minute timeout outlasts the run: no exchange completes, none fails
			BenchRun run = BenchRun.against(server.port(), "-c", "1", "-d", "300ms", "-t", "60s");

			assertThat(run.exitCode()).isOne();
			assertThat(run.err()).contains("sixteen bench: no exchange completed in 0.3 s");
		}
	}

	@Test
	void makesTenExchangesPerConnectionWithKeepAliveTen() throws IOException {
		try (TinyServer server = TinyServer.replying(REPLY)) {
			BenchRun run = BenchRun.against(server.port(), "-c", "2", "-k", "10", "-n", "200", "-d", "1m", "--json");

			assertThat(run.exitCode()).isZero();
			assertThat(run.json().get("exchanges").asLong()).isEqualTo(200);
			long connects = run.json().get("connects").asLong();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> server.accepted() == connects && server.served().size() == connects);
			List<Integer> served = server.served();
			assertThat(served).allSatisfy((exchanges) -> assertThat(exchanges).isLessThanOrEqualTo(10));
			// only the two connections still open when the run stopped can have made
			// fewer
			assertThat(served.stream().filter((exchanges) -> exchanges == 10).count()).isGreaterThanOrEqualTo(18)
				.isGreaterThanOrEqualTo(served.size() - 2);
		}
	}

	@Test
	void leavesTheWarmUpOutOfTheFigures() throws IOException {
		try (TinyServer server = TinyServer.replying(REPLY)) {
			BenchRun run = BenchRun.against(server.port(), "-c", "2", "-w", "500ms", "-n", "100", "-d", "1m", "--json");

			assertThat(run.exitCode()).isZero();
			assertThat(run.json().get("exchanges").asLong()).isEqualTo(100);
			// beyond the two replies that can be in flight when the run stops
			assertThat(server.replies()).isGreaterThan(100 + 2);
		}
	}

	@Test
	void readsDurationsWithAUnitOrAsBareSeconds() throws IOException {
		try (TinyServer server = TinyServer.replying(REPLY)) {
			assertThat(BenchRun.against(server.port(), "-c", "1", "-n", "1", "-d", "1500ms").out())
				.contains("for 1.5 s or 1 exchange");
			assertThat(BenchRun.against(server.port(), "-c", "1", "-n", "1", "-d", "2m").out())
				.contains("for 120 s or 1 exchange");
			assertThat(BenchRun.against(server.port(), "-c", "1", "-n", "1", "-d", "3", "-w", "1ms").out())
				.contains("for 3 s or 1 exchange after a 0.001 s warm-up");
		}
	}

	@Test
	void rejectsAnUnreadableDurationAsAUsageError() {
		BenchRun run = BenchRun.against(1060, "-d", "soon");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("Invalid value for option '--duration': 'soon' is not a duration");
		assertThat(run.out()).isEmpty();
	}

	@Test
	void rejectsSettingsOutOfRangeAsUsageErrors() {
		assertThat(BenchRun.against(1060, "-c", "0")).satisfies((run) -> {
			assertThat(run.exitCode()).isEqualTo(2);
			assertThat(run.err()).startsWith("--connections must be at least 1, got 0");
		});
		assertThat(BenchRun.against(1060, "-k", "0").err()).startsWith("--keep-alive must be at least 1, got 0");
		assertThat(BenchRun.against(1060, "-t", "0s").err()).startsWith("--timeout must be positive, got PT0S");
		assertThat(BenchRun.against(0, "-d", "1s").err()).startsWith("--port must be between 1 and 65535, got 0");
	}

	private static void assertFailedOnlyFor(JsonNode json, String reason) {
		assertThat(json.get("exchanges").asLong()).isZero();
		assertThat(json.get("latencyMicros").isNull()).isTrue();
		assertThat(json.get("errorsByReason").get(reason).asLong()).isPositive().isEqualTo(json.get("errors").asLong());
	}

}
