package dev.sixteen.bench;

import java.io.IOException;
import java.net.ConnectException;

/**
 * Why an exchange failed. Each reason is counted apart; the connection is closed and the
 * slot connects anew.
 */
public enum Failure {

	/** Nothing listens on the port, or the server refused the connection. */
	REFUSED("refused", "refused"),

	/** The connection broke while sending or receiving. */
	RESET("reset", "reset"),

	/** The server closed the connection before the whole reply came: a short reply. */
	CLOSED_EARLY("closedEarly", "closed early (short reply)"),

	/** A whole reply came, but not the expected one. */
	MISMATCHED("mismatched", "mismatched reply"),

	/** No whole reply within {@code --timeout} of the exchange's connect or send. */
	TIMEOUT("timeout", "timeout"),

	/** Any other failure to connect, such as no local port or file descriptor left. */
	OTHER("other", "other");

	private final String key;

	private final String label;

	Failure(String key, String label) {
		this.key = key;
		this.label = label;
	}

	/**
	 * Returns the name of the reason in the JSON summary.
	 * @return a camel-case key such as {@code closedEarly}
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Returns the name of the reason in the text summary.
	 * @return a few words, such as {@code mismatched reply}
	 */
	public String label() {
		return this.label;
	}

	static Failure ofConnect(IOException failure) {
		return (failure instanceof ConnectException) ? REFUSED : OTHER;
	}

}
