package dev.sixteen.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Frames a TCP byte stream into messages of exactly {@code length} octets, in both
 * directions. Any octet value is allowed; there is no header and no terminator.
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

	private final int length;

	public FixedLengthCodec(int length) {
		if (length < 1) {
			throw new IllegalArgumentException("frame length must be at least 1, got " + length);
		}
		this.length = length;
	}

	/** Octets in a frame. */
	public int length() {
		return this.length;
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		byte[] frame = new byte[this.length];
		int received = 0;
		while (received < this.length) {
			int n = in.read(frame, received, this.length - received);
			if (n < 0) {
				if (received == 0) {
					throw new SoftEndOfStreamException("peer closed between frames");
				}
				throw new ShortFrameException(this.length, received);
			}
			received += n;
		}
		return frame;
	}

	@Override
	public void serialize(byte[] frame, OutputStream out) throws IOException {
		if (frame.length != this.length) {
			throw new IllegalArgumentException("a frame is exactly " + this.length + " octets, got " + frame.length);
		}
		out.write(frame);
	}

}
