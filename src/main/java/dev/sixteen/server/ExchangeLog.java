package dev.sixteen.server;

import java.net.Socket;

import dev.sixteen.codec.Endpoints;
import dev.sixteen.codec.Octets;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.metrics.FailureReason;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one connection says and counts: each exchange by its four-tuple, as the classic
 * server prints it, and at most one failure. The four-tuple is formatted only when a line
 * is written, since the socket name costs a system call.
 */
final class ExchangeLog {

	/**
	 * Per-exchange lines; turn down with {@code logging.level.sixteen.exchanges=warn}.
	 */
	private static final Logger log = LoggerFactory.getLogger("sixteen.exchanges");

	private final Socket socket;

	private final ExchangeMetrics metrics;

	private @Nullable String peer;

	private @Nullable String name;

	private boolean failureCounted;

	ExchangeLog(Socket socket, ExchangeMetrics metrics) {
		this.socket = socket;
		this.metrics = metrics;
	}

	/** The connection starts reading: learn the socket name while the socket is open. */
	void opened() {
		if (log.isInfoEnabled()) {
			name();
		}
		if (log.isDebugEnabled()) {
			log.debug("accepted from {}, socket name {}", peer(), name());
		}
	}

	void replied(byte @Nullable [] request, boolean closing) {
		if (log.isInfoEnabled()) {
			log.info("accepted from {}, socket name {}, socket peer {}, incoming {}, reply sent{}", peer(), name(),
					peer(), (request != null) ? Octets.repr(request) : "?", closing ? ", socket closed" : "");
		}
	}

	/**
	 * Counts and logs the connection's failure, once; later calls do nothing.
	 * @param reason the reason, for the {@code reason} tag
	 * @param detail what happened, for the log
	 */
	void failed(FailureReason reason, @Nullable String detail) {
		if (this.failureCounted) {
			return;
		}
		this.failureCounted = true;
		this.metrics.failed(reason);
		if (reason == FailureReason.ERROR) {
			log.warn("{} -> {} failed ({}): {}", peer(), name(), reason.tag(), detail);
		}
		else if (log.isInfoEnabled()) {
			log.info("{} -> {} failed ({}): {}", peer(), name(), reason.tag(), detail);
		}
	}

	void debug(String what, Object detail) {
		if (log.isDebugEnabled()) {
			log.debug("{} {}: {}", peer(), what, detail);
		}
	}

	private String peer() {
		if (this.peer == null) {
			this.peer = Endpoints.format(this.socket.getInetAddress(), this.socket.getPort());
		}
		return this.peer;
	}

	private String name() {
		if (this.name == null) {
			this.name = Endpoints.format(this.socket.getLocalAddress(), this.socket.getLocalPort());
		}
		return this.name;
	}

}
