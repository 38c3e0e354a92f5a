package dev.sixteen.metrics;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLException;

import dev.sixteen.codec.ShortFrameException;
import org.jspecify.annotations.Nullable;

/**
 * Why an exchange failed, as the {@code reason} tag of {@code sixteen.exchanges.failed}.
 */
public enum FailureReason {

	/** The peer closed inside a frame. */
	SHORT_READ("short_read"),

	/** The peer connected and closed without sending an octet. */
	EMPTY("empty"),

	/** The frame did not arrive within {@code read-timeout}. */
	TIMEOUT("timeout"),

	/**
	 * The TLS handshake failed: no common protocol, an untrusted or missing certificate.
	 */
	TLS("tls"),

	/** The peer reset the connection. */
	RESET("reset"),

	/** Refused at accept: {@code max-connections} were open. */
	OVER_LIMIT("over_limit"),

	/** Refused: {@code max-connections-per-client} were open from the peer's address. */
	OVER_CLIENT_LIMIT("over_client_limit"),

	/** Refused: the peer is not in {@code allowed-clients}. */
	NOT_ALLOWED("not_allowed"),

	/**
	 * A PROXY protocol header not accepted: from a peer not trusted to send one,
	 * malformed, too long, cut short, or missing where required.
	 */
	PROXY_HEADER("proxy_header"),

	/** Closed unfinished because the server shut down. */
	SHUTDOWN("shutdown"),

	/** The application's handler (or flow) threw instead of replying. */
	HANDLER_ERROR("handler_error"),

	/**
	 * The application's handler (or flow) returned no reply, or one of another length
	 * than {@code reply-length}.
	 */
	HANDLER_REPLY("handler_reply"),

	/** Any other I/O error. */
	ERROR("error");

	private final String tag;

	FailureReason(String tag) {
		this.tag = tag;
	}

	public String tag() {
		return this.tag;
	}

	/**
	 * Classifies a read or write failure.
	 * @param failure the exception, possibly wrapped
	 * @return the reason
	 */
	public static FailureReason of(@Nullable Throwable failure) {
		Throwable cause = (failure instanceof UncheckedIOException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof ShortFrameException) {
			return SHORT_READ;
		}
		if (cause instanceof SocketTimeoutException) {
			return TIMEOUT;
		}
		if (cause instanceof SSLException && cause.getCause() instanceof EOFException) {
			// a TLS peer that left before its handshake began, as a TCP health check does
			return EMPTY;
		}
		if (cause instanceof SSLException) {
			return TLS;
		}
		if (cause instanceof SocketException) {
			return RESET;
		}
		return ERROR;
	}

}
