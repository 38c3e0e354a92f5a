package dev.sixteen.startup;

/**
 * Start-up failed for a reason the user can fix; the message says what, in one line that
 * names the setting or address involved.
 */
public class StartupException extends RuntimeException {

	public StartupException(String message) {
		super(message);
	}

	public StartupException(String message, Throwable cause) {
		super(message, cause);
	}

}
