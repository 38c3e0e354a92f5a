package dev.sixteen.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.sixteen.metrics.ExchangeMetrics;

/**
 * A socket's input with a deadline for each frame, so that a peer trickling one octet at
 * a time cannot hold a connection longer than an idle one. Counts the octets it reads and
 * notes when the first octet of a frame arrived.
 */
final class FrameInput extends InputStream {

	private final Socket socket;

	private final InputStream in;

	private final ExchangeMetrics metrics;

	private long deadline;

	private volatile long firstOctetAt;

	FrameInput(Socket socket, ExchangeMetrics metrics) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.metrics = metrics;
	}

	/**
	 * Starts a frame that must arrive whole within the given time.
	 * @param allowed the time allowed from now
	 */
	void startFrame(Duration allowed) {
		this.deadline = System.nanoTime() + allowed.toNanos();
		this.firstOctetAt = 0;
	}

	/**
	 * Returns when the first octet of the current frame arrived.
	 * @return a {@link System#nanoTime()} reading, or 0 if none has arrived yet
	 */
	long firstOctetAt() {
		return this.firstOctetAt;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		long left = this.deadline - System.nanoTime();
		if (left <= 0) {
			throw new SocketTimeoutException("frame deadline passed");
		}
		this.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000)));
		int n = this.in.read(buffer, offset, length);
		if (n > 0) {
			if (this.firstOctetAt == 0) {
				this.firstOctetAt = System.nanoTime();
			}
			this.metrics.received(n);
		}
		return n;
	}

	@Override
	public int available() throws IOException {
		return this.in.available();
	}

}
