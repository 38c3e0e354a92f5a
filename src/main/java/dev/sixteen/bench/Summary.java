package dev.sixteen.bench;

import java.util.Map;

import dev.sixteen.display.Display;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The figures of a run, warm-up excluded.
 *
 * @param settings what the run did
 * @param seconds how long the measured part lasted
 * @param exchanges exchanges that got the expected reply
 * @param connects connections attempted
 * @param failures failed exchanges by reason, every reason present
 * @param otherCause the cause of the first failure counted as {@link Failure#OTHER}
 * @param latency exchange latencies in nanoseconds: from the connect for the first
 * exchange of a connection, from the send for later ones, to the whole reply
 */
record Summary(BenchSettings settings, double seconds, long exchanges, long connects, Map<Failure, Long> failures,
		@Nullable String otherCause, Histogram latency) {

	/** The latencies the summary shows, as labels and as percentiles. */
	static final String[] PERCENTILE_LABELS = { "p50", "p90", "p99", "p99.9", "max" };

	private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 100 };

	long errors() {
		return this.failures.values().stream().mapToLong(Long::longValue).sum();
	}

	double exchangesPerSecond() {
		return (this.seconds > 0) ? this.exchanges / this.seconds : 0;
	}

	/**
	 * Returns the latencies named by {@link #PERCENTILE_LABELS}, in the same order.
	 * @return nanoseconds, all zero when no exchange completed
	 */
	long[] latencies() {
		long[] values = new long[PERCENTILES.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = (PERCENTILES[i] < 100) ? this.latency.getValueAtPercentile(PERCENTILES[i])
					: this.latency.getMaxValue();
		}
		return values;
	}

	String target() {
		return Display.endpoint(this.settings.server().getAddress(), this.settings.server().getPort());
	}

}
