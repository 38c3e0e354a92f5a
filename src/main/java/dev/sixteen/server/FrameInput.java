package dev.sixteen.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.sixteen.metrics.ExchangeMetrics;

/**
 * A socket's input with a deadline for each frame, so that a peer trickling one octet at
 * a time cannot hold a connection longer than an idle one. Counts the octets it reads and
 * notes when the first octet of a frame arrived.
 * <p>
 * Reads block without a socket timeout: a timed read costs three system calls (a read
 * that finds nothing, a poll, the read) where a plain blocking read costs one.
 * {@link Connections} checks the deadlines instead and closes a connection whose frame is
 * late; a read that returns past its deadline fails here.
 */
final class FrameInput extends InputStream {

	/** The deadline while no frame is awaited. */
	private static final long NONE = 0;

	/** The deadline once the frame has been found late. */
	private static final long EXPIRED = 1;

	private final InputStream in;

	private final ExchangeMetrics metrics;

	private final AtomicLong deadline = new AtomicLong(NONE);

	private volatile long firstOctetAt;

	FrameInput(Socket socket, ExchangeMetrics metrics) throws IOException {
		this.in = socket.getInputStream();
		this.metrics = metrics;
	}

	/**
	 * Starts a frame that must arrive whole within the given time.
	 * @param allowed the time allowed from now
	 */
	void startFrame(Duration allowed) {
		this.firstOctetAt = 0;
		this.deadline.set(Math.max(EXPIRED + 1, System.nanoTime() + allowed.toNanos()));
	}

	/** The frame has arrived: no deadline until the next one starts. */
	void endFrame() {
		this.deadline.set(NONE);
	}

	/**
	 * Marks the frame awaited late, once.
	 * @param now a {@link System#nanoTime()} reading
	 * @return true if the frame was awaited and is now late
	 */
	boolean expire(long now) {
		long due = this.deadline.get();
		return due > EXPIRED && now - due > 0 && this.deadline.compareAndSet(due, EXPIRED);
	}

	boolean expired() {
		return this.deadline.get() == EXPIRED;
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
		int n = this.in.read(buffer, offset, length);
		long due = this.deadline.get();
		if (due == EXPIRED || (due != NONE && System.nanoTime() - due > 0)) {
			throw new SocketTimeoutException("frame deadline passed");
		}
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
