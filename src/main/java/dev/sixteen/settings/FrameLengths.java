package dev.sixteen.settings;

import org.jspecify.annotations.Nullable;

/**
 * The lengths of a side's frames, the server's or the client's: {@code frame-length} for
 * both directions, unless {@code request-length} or {@code reply-length} says otherwise.
 */
public interface FrameLengths {

	int frameLength();

	@Nullable Integer requestLength();

	@Nullable Integer replyLength();

	/** Octets in a request: {@code request-length}, or else {@code frame-length}. */
	default int requestOctets() {
		Integer length = requestLength();
		return (length != null) ? length : frameLength();
	}

	/** Octets in a reply: {@code reply-length}, or else {@code frame-length}. */
	default int replyOctets() {
		Integer length = replyLength();
		return (length != null) ? length : frameLength();
	}

	/** The setting that gives the reply's length, as a user writes it. */
	default String replyLengthKey() {
		return (replyLength() != null) ? "reply-length" : "frame-length";
	}

}
