package dev.sixteen.server;

import java.util.Locale;

import dev.sixteen.Display;
import dev.sixteen.metrics.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines the server writes about connections, on the logger {@code sixteen.exchanges}:
 * each exchange by its four-tuple, as the classic server prints it, at INFO; each failure
 * at INFO (an unexpected error at WARN); why a connection closed at DEBUG. Turn them down
 * with {@code logging.level.sixteen.exchanges=warn}. It only writes; counting is the
 * connection's.
 */
final class ExchangeLog {

	private static final Logger log = LoggerFactory.getLogger("sixteen.exchanges");

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

	void replied(ExchangeConnection connection, byte[] request, boolean closing) {
		if (log.isInfoEnabled()) {
			String peer = connection.peer();
			log.info("accepted from {}, socket name {}, socket peer {}, incoming {}, reply sent{}", peer,
					connection.local(), peer, Display.octets(request), closing ? ", socket closed" : "");
		}
	}

	void failed(ExchangeConnection connection, FailureReason reason, String detail) {
		if (reason == FailureReason.ERROR) {
			log.warn("{} -> {} failed ({}): {}", connection.peer(), connection.local(), reason.tag(), detail);
		}
		else if (log.isInfoEnabled()) {
			log.info("{} -> {} failed ({}): {}", connection.peer(), connection.local(), reason.tag(), detail);
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
