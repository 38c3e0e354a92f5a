package dev.sixteen.metrics;

import java.util.Locale;

/**
 * Why an accept failed, as the {@code reason} tag of {@code sixteen.accept.errors}: the
 * errno the JDK's message stands for.
 */
public enum AcceptError {

	/** The process is out of file descriptors. */
	EMFILE("emfile"),

	/** The system is out of file descriptors. */
	ENFILE("enfile"),

	/** The kernel is out of socket buffers. */
	ENOBUFS("enobufs"),

	/** A queued connection was aborted before it was accepted. */
	ECONNABORTED("econnaborted"),

	/** Any other accept error. */
	OTHER("other");

	private final String tag;

	AcceptError(String tag) {
		this.tag = tag;
	}

	public String tag() {
		return this.tag;
	}

	/**
	 * The errno an accept error stands for, as the JDK words it.
	 * @param message the exception's message
	 * @return the reason
	 */
	public static AcceptError of(String message) {
		String lower = message.toLowerCase(Locale.ROOT);
		if (lower.contains("too many open files in system")) {
			return ENFILE;
		}
		if (lower.contains("too many open files")) {
			return EMFILE;
		}
		if (lower.contains("no buffer space")) {
			return ENOBUFS;
		}
		if (lower.contains("connection abort")) {
			return ECONNABORTED;
		}
		return OTHER;
	}

}
