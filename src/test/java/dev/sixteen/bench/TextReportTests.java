package dev.sixteen.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text summary, from figures made up for the purpose.
 */
class TextReportTests {

	private static final BenchSettings SETTINGS = new BenchSettings(new InetSocketAddress("127.0.0.1", 1060), 50,
			Duration.ofSeconds(10), Duration.ZERO, Long.MAX_VALUE, 1,
			"Hi there, server".getBytes(StandardCharsets.UTF_8), "Farewell, client".getBytes(StandardCharsets.UTF_8),
			false, Duration.ofSeconds(5));

	@Test
	void listsTheReasonsThatOccurredInOrderWithTheCauseOfTheFirstOtherFailure() {
		Map<Failure, Long> failures = failures();
		failures.put(Failure.TIMEOUT, 2L);
		failures.put(Failure.REFUSED, 10L);
		failures.put(Failure.OTHER, 3L);
		Summary summary = new Summary(SETTINGS, 10, 0, 15, failures, "Too many open files", new Histogram(3));

		assertThat(report(summary)).isEqualTo("""
				exchanges  0 in 10.00 s: 0 exchanges/s over 15 connections
				errors     15: refused 10, timeout 2, other 3 (first: Too many open files)
				""");
	}

	@Test
	void showsLatencyPercentilesInMillisecondsWhenExchangesCompleted() {
		Histogram latency = new Histogram(3);
		for (long micros = 1; micros <= 1000; micros++) {
			latency.recordValue(micros * 1000);
		}
		Summary summary = new Summary(SETTINGS, 2, 1000, 1000, failures(), null, latency);

		assertThat(report(summary)).isEqualTo("""
				exchanges  1000 in 2.00 s: 500 exchanges/s over 1000 connections
				errors     0
				latency    p50 0.500 ms  p90 0.900 ms  p99 0.990 ms  p99.9 0.999 ms  max 1.000 ms
				""");
	}

	private static Map<Failure, Long> failures() {
		Map<Failure, Long> failures = new EnumMap<>(Failure.class);
		for (Failure failure : Failure.values()) {
			failures.put(failure, 0L);
		}
		return failures;
	}

	private static String report(Summary summary) {
		StringWriter out = new StringWriter();
		TextReport.summary(summary, new PrintWriter(out));
		return out.toString();
	}

}
