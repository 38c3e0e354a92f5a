package dev.sixteen.server.connection;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntConsumer;

/** A connection's input, telling the connection how many octets arrive as they do. */
final class CountingInput extends InputStream {

	private final IntConsumer arrived;

	private final InputStream in;

	CountingInput(IntConsumer arrived, InputStream in) {
		this.arrived = arrived;
		this.in = in;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = this.in.read(buffer, offset, length);
		if (n > 0) {
			this.arrived.accept(n);
		}
		return n;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int available() throws IOException {
		return this.in.available();
	}

}
