package dev.sixteen.bench;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sixteen.display.Display;

/**
 * The run told to a person: what it is about to do, then its figures.
 *
 * <pre>
 * exchanges  412345 in 10.00 s: 41234 exchanges/s over 412345 connections
 * errors     0
 * latency    p50 1.052 ms  p90 1.803 ms  p99 3.204 ms  p99.9 8.101 ms  max 21.303 ms
 * </pre>
 */
final class TextReport {

	private TextReport() {
	}

	static void header(BenchSettings settings, PrintWriter out) {
		long max = settings.maxExchanges();
		String limit = (max == Long.MAX_VALUE) ? "" : " or " + count(max, "exchange");
		String warmup = settings.warmup().isZero() ? "" : " after a " + seconds(settings.warmup()) + " warm-up";
		out.printf(Locale.ROOT, "bench %s: %s, %s per connection, for %s%s%s%n",
				Display.endpoint(settings.server().getAddress(), settings.server().getPort()),
				count(settings.connections(), "connection"), count(settings.keepAlive(), "exchange"),
				seconds(settings.duration()), limit, warmup);
		out.flush();
	}

	static void summary(Summary summary, PrintWriter out) {
		out.printf(Locale.ROOT, "exchanges  %d in %.2f s: %.0f exchanges/s over %s%n", summary.exchanges(),
				summary.seconds(), summary.exchangesPerSecond(), count(summary.connects(), "connection"));
		out.println("errors     " + errors(summary));
		if (summary.exchanges() > 0) {
			List<String> percentiles = new ArrayList<>();
			long[] latencies = summary.latencies();
			for (int i = 0; i < latencies.length; i++) {
				percentiles
					.add(String.format(Locale.ROOT, "%s %.3f ms", Summary.PERCENTILE_LABELS[i], latencies[i] / 1e6));
			}
			out.println("latency    " + String.join("  ", percentiles));
		}
		out.flush();
	}

	private static String errors(Summary summary) {
		List<String> reasons = new ArrayList<>();
		for (Map.Entry<Failure, Long> failure : summary.failures().entrySet()) {
			if (failure.getValue() > 0) {
				String cause = (failure.getKey() == Failure.OTHER && summary.otherCause() != null)
						? " (first: " + summary.otherCause() + ")" : "";
				reasons.add(failure.getKey().label() + " " + failure.getValue() + cause);
			}
		}
		return reasons.isEmpty() ? "0" : summary.errors() + ": " + String.join(", ", reasons);
	}

	private static String count(long n, String thing) {
		return n + " " + thing + ((n == 1) ? "" : "s");
	}

	private static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
	}

}
