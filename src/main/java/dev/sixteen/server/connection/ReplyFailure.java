package dev.sixteen.server.connection;

import dev.sixteen.metrics.FailureReason;
import org.jspecify.annotations.Nullable;

/**
 * The application's handler (or flow) gave no reply to send: it threw, returned nothing,
 * or returned the wrong number of octets.
 */
final class ReplyFailure extends RuntimeException {

	private final FailureReason reason;

	FailureReason reason() {
		return this.reason;
	}

	ReplyFailure(FailureReason reason, String message, @Nullable Throwable cause) {
		super(message, cause, false, false);
		this.reason = reason;
	}

	/**
	 * What a handler threw, in a few words: the innermost cause, past Spring
	 * Integration's wrapping ({@code MessageHandlingException}), by its type and message.
	 */
	private static String describe(Throwable failure) {
		Throwable deepest = failure;
		while (deepest.getCause() != null && deepest.getCause() != deepest) {
			deepest = deepest.getCause();
		}
		String message = deepest.getMessage();
		return deepest.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/**
	 * The failure of a handler that threw.
	 * @param failure what the gateway threw
	 * @return the failure
	 */
	static ReplyFailure ofHandler(Throwable failure) {
		return new ReplyFailure(FailureReason.HANDLER_ERROR, "the handler failed: " + describe(failure), failure);
	}

	/** The failure of a handler that returned no reply. */
	static ReplyFailure none() {
		return new ReplyFailure(FailureReason.HANDLER_REPLY, "the handler returned no reply", null);
	}

	/**
	 * Checks a reply before it is written.
	 * @param payload the reply's payload
	 * @param length the reply's length, {@code reply-length}
	 * @return null if it is as many octets, else the failure
	 */
	static @Nullable ReplyFailure ofReply(Object payload, int length) {
		if (payload instanceof byte[] octets && octets.length == length) {
			return null;
		}
		String given = (payload instanceof byte[] octets) ? octets.length + " octets"
				: "a " + payload.getClass().getSimpleName();
		return new ReplyFailure(FailureReason.HANDLER_REPLY,
				"the handler returned " + given + ", not " + length + " (sixteen.server.reply-length)", null);
	}

}
