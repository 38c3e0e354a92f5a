package dev.sixteen.server.connection;

import java.util.Objects;

import dev.sixteen.metrics.ConnectionEnd;
import dev.sixteen.metrics.FailureReason;
import dev.sixteen.server.connection.ExchangeConnection.State;
import dev.sixteen.server.edge.Admission;
import dev.sixteen.server.edge.Edge;
import org.jspecify.annotations.Nullable;

/**
 * How a connection ended, decided once by whoever closed it: the failure counted and
 * logged, if any, and the cause {@link OpenConnections} counts it ended by.
 */
final class Outcome {

	/**
	 * Why a connection ends; with the state it ends in, {@link #report} decides the
	 * outcome.
	 */
	enum Cause {

		DONE, REFUSED, PEER_CLOSED, FAILED, DEADLINE, DRAINED, ABORTED

	}

	private Outcome() {
	}

	/**
	 * Counts and logs how a connection that was in {@code from} ended. A failure is
	 * counted only for an exchange begun or awaited that got no reply.
	 * @return how it ended, for {@code sixteen.connections.ended}
	 */
	static ConnectionEnd report(ExchangeConnection connection, ConnectionKit kit, State from, Cause cause,
			@Nullable Throwable error, Admission.@Nullable Refusal refusal) {
		// an if-chain, not a switch on the enum: that would load a class of its own on
		// the first report, perhaps while the process has no file left to load it from
		// (preload)
		boolean inExchange = from.compareTo(State.REPLIED) < 0;
		boolean failed = false;
		if (cause == Cause.REFUSED) {
			Admission.Refusal refused = Objects.requireNonNull(refusal);
			failed(connection, kit, refused.reason(), "refused: " + refused.detail());
		}
		else if (cause == Cause.PEER_CLOSED) {
			failed = failed(connection, kit, from == State.WAITING, FailureReason.EMPTY,
					"closed before sending an octet");
		}
		else if (error instanceof ReplyFailure failure) {
			failed = failed(connection, kit, true, failure.reason(),
					Objects.requireNonNullElse(failure.getMessage(), ""));
			kit.log().handlerFailed(failure);
		}
		else if (cause == Cause.FAILED) {
			failed = failed(connection, kit, inExchange || from == State.IDLE, Edge.failureReason(error),
					(from == State.REPLYING ? "reply not sent: " : "") + ((error != null) ? error.getMessage() : ""));
		}
		else if (cause == Cause.DEADLINE) {
			failed = failed(connection, kit, inExchange, FailureReason.TIMEOUT,
					(from == State.REPLYING ? "reply not written" : "no whole frame") + " within "
							+ kit.readTimeoutNanos() / 1_000_000 + " ms");
		}
		else if (cause == Cause.ABORTED) {
			failed = failed(connection, kit, inExchange, FailureReason.SHUTDOWN,
					"closed unfinished: the server is stopping");
		}
		kit.log().closed(connection, from, cause.name());
		return end(from, cause, failed);
	}

	/** How a connection ended, from the state it was in and why. */
	private static ConnectionEnd end(State from, Cause cause, boolean failed) {
		if (cause == Cause.REFUSED) {
			return ConnectionEnd.REFUSED;
		}
		if (failed) {
			return ConnectionEnd.FAILED;
		}
		if (from == State.REPLIED || from == State.LINGERING || cause == Cause.DONE) {
			return ConnectionEnd.REPLIED;
		}
		if (cause == Cause.PEER_CLOSED) {
			return ConnectionEnd.PEER_LEFT;
		}
		if (cause == Cause.DEADLINE) {
			return ConnectionEnd.IDLE;
		}
		// closed between frames by the drain, or by the stop after it
		return ConnectionEnd.DRAINED;
	}

	private static boolean failed(ExchangeConnection connection, ConnectionKit kit, boolean counted,
			FailureReason reason, String detail) {
		if (counted) {
			failed(connection, kit, reason, detail);
		}
		return counted;
	}

	private static void failed(ExchangeConnection connection, ConnectionKit kit, FailureReason reason, String detail) {
		kit.metrics().failed(reason);
		kit.log().failed(connection, reason, detail);
	}

}
