package dev.sixteen.codec;

import java.io.EOFException;

/**
 * The peer closed its side of the connection inside a frame.
 */
public final class ShortFrameException extends EOFException {

	private final int received;

	public ShortFrameException(int expected, int received) {
		super("was expecting " + expected + " bytes but only received " + received + " bytes before the socket closed");
		this.received = received;
	}

	public int received() {
		return this.received;
	}

}
