package dev.sixteen.server.connection;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.sixteen.display.Display;
import dev.sixteen.metrics.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The lines the server writes about connections, on the logger {@code sixteen.exchanges}:
 * each exchange by its four-tuple, as the classic server prints it, at INFO; each failure
 * at INFO (an unexpected error at WARN); why a connection closed at DEBUG. Turn them down
 * with {@code logging.level.sixteen.exchanges=warn}. The exchange and failure lines also
 * carry their facts as key-value pairs ({@code peer}, {@code local}, {@code outcome},
 * {@code reason}, {@code octets}, {@code duration_us}), which Spring Boot's structured
 * logging ({@code logging.structured.format.console=ecs} or {@code logstash}) writes as
 * fields of each JSON line. It only writes; counting is the connection's.
 */
final class ExchangeLog {

	private static final Logger log = LoggerFactory.getLogger("sixteen.exchanges");

	private final AtomicBoolean handlerFailureShown = new AtomicBoolean();

	/**
	 * Tells whether exchanges are logged, so that a connection learns its socket name (a
	 * system call) only then.
	 */
	boolean detailed() {
		return log.isInfoEnabled();
	}

	void opened(ExchangeConnection connection) {
		if (log.isDebugEnabled()) {
			log.debug("accepted from {}, socket name {}", connection.peer(), connection.local());
		}
	}

	void replied(ExchangeConnection connection, byte[] request, boolean closing, long durationNanos) {
		if (log.isInfoEnabled()) {
			String peer = connection.peer();
			String local = connection.local();
			log.atInfo()
				.addKeyValue("peer", peer)
				.addKeyValue("local", local)
				.addKeyValue("outcome", "replied")
				.addKeyValue("octets", request.length)
				.addKeyValue("duration_us", durationNanos / 1000)
				.log("accepted from {}, socket name {}, socket peer {}, incoming {}, reply sent{}", peer, local, peer,
						Display.octets(request), closing ? ", socket closed" : "");
		}
	}

	void failed(ExchangeConnection connection, FailureReason reason, String detail) {
		LoggingEventBuilder line = (reason == FailureReason.ERROR || reason == FailureReason.HANDLER_ERROR
				|| reason == FailureReason.HANDLER_REPLY) ? log.atWarn() : log.atInfo();
		String peer = connection.peer();
		String local = connection.local();
		line.addKeyValue("peer", peer)
			.addKeyValue("local", local)
			.addKeyValue("outcome", "failed")
			.addKeyValue("reason", reason.tag())
			.log("{} -> {} failed ({}): {}", peer, local, reason.tag(), detail);
	}

	/**
	 * Gives the cause of a handler's failure, whose one line {@link #failed} has written:
	 * with its stack trace at WARN the first time, so that the bug can be found, and then
	 * only at DEBUG, so that a failing handler does not flood the log.
	 */
	void handlerFailed(Throwable failure) {
		Throwable cause = failure.getCause();
		if (cause == null) {
			return;
		}
		if (this.handlerFailureShown.compareAndSet(false, true)) {
			log.warn("The first failure of the handler; later ones are one line each, their causes at DEBUG", cause);
		}
		else if (log.isDebugEnabled()) {
			log.debug("The handler failed", cause);
		}
	}

	/**
	 * Says, at DEBUG, that a connection closed, the state it was in and why: {@code
	 * 127.0.0.1:40412 closed in idle (deadline)}.
	 */
	void closed(ExchangeConnection connection, ExchangeConnection.State from, String cause) {
		if (log.isDebugEnabled()) {
			log.debug("{} closed in {} ({})", connection.peer(), from.name().toLowerCase(Locale.ROOT),
					cause.toLowerCase(Locale.ROOT).replace('_', ' '));
		}
	}

}
