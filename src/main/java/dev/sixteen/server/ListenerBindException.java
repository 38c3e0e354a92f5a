package dev.sixteen.server;

/**
 * The TCP listener could not bind its address.
 */
public class ListenerBindException extends RuntimeException {

	ListenerBindException(String message, Throwable cause) {
		super(message, cause);
	}

}
