package dev.sixteen.bench;

/**
 * How a run reports: the progress line and the form of the summary.
 */
public enum Output {

	/** The summary as one JSON object on standard output; no progress line. */
	JSON,

	/** A text summary, and a progress line each second on its own line. */
	TEXT,

	/** A text summary, and a progress line rewritten in place each second. */
	TERMINAL

}
