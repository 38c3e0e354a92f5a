package dev.sixteen.bench;

import java.io.PrintWriter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The live progress line, once a second: {@code   3s     41230 exchanges/s  errors 0}. On
 * a terminal the line is rewritten in place; elsewhere each second gets its own line.
 */
final class Progress {

	private final @Nullable PrintWriter err;

	private final boolean inPlace;

	private int shown;

	private Progress(@Nullable PrintWriter err, boolean inPlace) {
		this.err = err;
		this.inPlace = inPlace;
	}

	static Progress none() {
		return new Progress(null, false);
	}

	static Progress lines(PrintWriter err) {
		return new Progress(err, false);
	}

	static Progress inPlace(PrintWriter err) {
		return new Progress(err, true);
	}

	/**
	 * Shows one second of the run.
	 * @param second seconds since the run started, warm-up included
	 * @param rate exchanges per second since the last line
	 * @param errors failed exchanges so far, the warm-up's apart
	 * @param warmingUp whether the second belongs to the warm-up
	 */
	void show(long second, long rate, long errors, boolean warmingUp) {
		if (this.err == null) {
			return;
		}
		String line = String.format(Locale.ROOT, "%4ds  %8d exchanges/s  errors %d%s", second, rate, errors,
				warmingUp ? "  (warm-up)" : "");
		if (this.inPlace) {
			this.err.print("\r" + line + " ".repeat(Math.max(0, this.shown - line.length())));
			this.shown = Math.max(this.shown, line.length());
		}
		else {
			this.err.println(line);
		}
		this.err.flush();
	}

	/** Erases the line from a terminal, so that the summary starts on a clean one. */
	void clear() {
		if (this.err != null && this.inPlace && this.shown > 0) {
			this.err.print("\r" + " ".repeat(this.shown) + "\r");
			this.err.flush();
			this.shown = 0;
		}
	}

}
