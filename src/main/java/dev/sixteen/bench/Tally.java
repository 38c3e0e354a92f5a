package dev.sixteen.bench;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Counts exchanges and failures and records latencies, for the run's one thread. The
 * figures start over when the warm-up ends; the totals, read by the progress line, do
 * not.
 */
final class Tally {

	private final Histogram latency = new Histogram(3);

	private final long[] failures = new long[Failure.values().length];

	private long exchanges;

	private long connects;

	private long since;

	private long totalExchanges;

	private @Nullable String otherCause;

	Tally(long now) {
		this.since = now;
	}

	void connecting() {
		this.connects++;
	}

	void exchanged(long latencyNanos) {
		this.exchanges++;
		this.totalExchanges++;
		this.latency.recordValue(latencyNanos);
	}

	void failed(Failure failure) {
		this.failures[failure.ordinal()]++;
	}

	/**
	 * Keeps the cause of the first failure counted as {@link Failure#OTHER}, to tell it.
	 * @param cause what went wrong, such as {@code Too many open files}
	 */
	void otherCause(String cause) {
		if (this.otherCause == null) {
			this.otherCause = cause;
		}
	}

	/**
	 * Forgets the figures so far, at the end of the warm-up.
	 * @param now the {@link System#nanoTime()} the figures start from
	 */
	void restart(long now) {
		this.latency.reset();
		Arrays.fill(this.failures, 0);
		this.exchanges = 0;
		this.connects = 0;
		this.otherCause = null;
		this.since = now;
	}

	long exchanges() {
		return this.exchanges;
	}

	long totalExchanges() {
		return this.totalExchanges;
	}

	long failures() {
		long sum = 0;
		for (long count : this.failures) {
			sum += count;
		}
		return sum;
	}

	Summary summarize(long now, BenchSettings settings) {
		Map<Failure, Long> byReason = new EnumMap<>(Failure.class);
		for (Failure failure : Failure.values()) {
			byReason.put(failure, this.failures[failure.ordinal()]);
		}
		return new Summary(settings, (now - this.since) / 1e9, this.exchanges, this.connects, byReason, this.otherCause,
				this.latency.copy());
	}

}
