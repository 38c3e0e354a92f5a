package dev.sixteen.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Frames a TCP byte stream into messages of a fixed length in each direction: frames of
 * exactly {@code readLength} octets are read, frames of exactly {@code writeLength} are
 * written (a server reads requests and writes replies; a client the other way round). Any
 * octet value is allowed; there is no header and no terminator.
 *
 * <pre>
 * TCP delivers:        | Hi th | ere, server | Hi there, | server |
 * deserialize() gives: | Hi there, server    | Hi there, server   |
 * </pre>
 *
 * A peer that closes between frames ends the stream cleanly
 * ({@link SoftEndOfStreamException}); one that closes inside a frame gets a
 * {@link ShortFrameException} saying how many octets came.
 */
public final class FixedLengthCodec implements Serializer<byte[]>, Deserializer<byte[]> {

	private final int readLength;

	private final int writeLength;

	/**
	 * A codec of frames of one length both ways.
	 * @param length octets in every frame
	 */
	public FixedLengthCodec(int length) {
		this(length, length);
	}

	/**
	 * A codec of frames of one length in, another out.
	 * @param readLength octets in every frame read
	 * @param writeLength octets in every frame written
	 */
	public FixedLengthCodec(int readLength, int writeLength) {
		if (readLength < 1 || writeLength < 1) {
			throw new IllegalArgumentException(
					"frame lengths must be at least 1, got " + readLength + " in and " + writeLength + " out");
		}
		this.readLength = readLength;
		this.writeLength = writeLength;
	}

	/** Octets in a frame read. */
	public int readLength() {
		return this.readLength;
	}

	/** Octets in a frame written. */
	public int writeLength() {
		return this.writeLength;
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		byte[] frame = new byte[this.readLength];
		int received = 0;
		while (received < this.readLength) {
			int n = in.read(frame, received, this.readLength - received);
			if (n < 0) {
				if (received == 0) {
					throw new SoftEndOfStreamException("peer closed between frames");
				}
				throw new ShortFrameException(this.readLength, received);
			}
			received += n;
		}
		return frame;
	}

	@Override
	public void serialize(byte[] frame, OutputStream out) throws IOException {
		if (frame.length != this.writeLength) {
			throw new IllegalArgumentException(
					"a frame is exactly " + this.writeLength + " octets, got " + frame.length);
		}
		out.write(frame);
	}

}
