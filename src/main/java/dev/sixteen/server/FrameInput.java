package dev.sixteen.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.sixteen.metrics.ExchangeMetrics;

/**
 * A socket's input with a deadline for each exchange, so that a peer trickling one octet
 * at a time cannot hold a connection longer than an idle one, nor one that never reads
 * its replies. Counts the octets it reads and notes when the first octet of a frame
 * arrived.
 * <p>
 * Reads block without a socket timeout: a timed read costs three system calls (a read
 * that finds nothing, a poll, the read) where a plain blocking read costs one.
 * {@link Connections} checks the deadlines instead and closes a connection whose exchange
 * is late; a read that returns past its deadline fails here. Who ends a frame (the
 * reader, the clock, or the drain) is settled by one compare-and-set on {@link Phase}.
 */
final class FrameInput extends InputStream {

	/** Where a connection is in its current exchange. */
	enum Phase {

		/**
		 * No exchange under way: before the first frame, between reply and next frame.
		 */
		IDLE,

		/** Waiting for the first octet of a frame. */
		AWAITING,

		/** The frame has begun; until the reply is written. */
		IN_FRAME,

		/** The deadline passed; the connection is being closed. */
		EXPIRED,

		/** Closed by the drain while it waited between frames. */
		CLOSED_BETWEEN_FRAMES

	}

	/** Deadlines further out than this (about 146 years) are this. */
	private static final long LONGEST = Long.MAX_VALUE / 2;

	private final InputStream in;

	private final ExchangeMetrics metrics;

	private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.IDLE);

	private volatile long due;

	private volatile long firstOctetAt;

	private final Connections connections;

	FrameInput(Socket socket, ExchangeMetrics metrics, Connections connections) throws IOException {
		this.in = socket.getInputStream();
		this.metrics = metrics;
		this.connections = connections;
	}

	/**
	 * Starts an exchange: its frame must arrive, and its reply be written, within the
	 * given time.
	 * @param from when the wait began: the accept, or the previous reply
	 * @param allowed the time allowed from then
	 * @return false if the connection was closed meanwhile
	 */
	boolean startFrame(long from, Duration allowed) {
		this.firstOctetAt = 0;
		this.due = from + Math.min(LONGEST, allowed.toNanos());
		return this.phase.compareAndSet(Phase.IDLE, Phase.AWAITING);
	}

	/**
	 * Ends the exchange once its reply is written.
	 * @return false if the deadline passed first
	 */
	boolean endFrame() {
		return this.phase.compareAndSet(Phase.IN_FRAME, Phase.IDLE);
	}

	/**
	 * Marks the exchange late, once.
	 * @param now a {@link Connections#now()} reading
	 * @return true if an exchange was under way and is now late
	 */
	boolean expire(long now) {
		Phase current = this.phase.get();
		return (current == Phase.AWAITING || current == Phase.IN_FRAME) && now - this.due > 0
				&& this.phase.compareAndSet(current, Phase.EXPIRED);
	}

	/**
	 * Claims a connection that waits for the first octet of a frame, for the drain.
	 * @return true if no octet of the frame had come
	 */
	boolean closeBetweenFrames() {
		return this.phase.compareAndSet(Phase.AWAITING, Phase.CLOSED_BETWEEN_FRAMES);
	}

	Phase phase() {
		return this.phase.get();
	}

	/**
	 * Returns when the first octet of the current frame arrived.
	 * @return a {@link Connections#now()} reading, or 0 if none has arrived yet
	 */
	long firstOctetAt() {
		return this.firstOctetAt;
	}

	/**
	 * Reads and drops what the peer still sends until it closes, the limit is reached or
	 * the time is up.
	 * @param from when the reply was written
	 * @param allowed the time allowed from then
	 * @param limit the most octets to drop
	 * @return the octets dropped
	 */
	int discardUntilClosed(long from, Duration allowed, int limit) {
		startFrame(from, allowed);
		byte[] sink = new byte[256];
		int discarded = 0;
		try {
			int n;
			while (discarded < limit && (n = read(sink, 0, sink.length)) >= 0) {
				discarded += n;
			}
		}
		catch (IOException ex) {
			// reset, closed at the deadline: either way there is nothing more to wait for
		}
		return discarded;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = this.in.read(buffer, offset, length);
		long now = this.connections.now();
		Phase current = this.phase.get();
		if ((current == Phase.AWAITING || current == Phase.IN_FRAME) && now - this.due > 0) {
			this.phase.compareAndSet(current, Phase.EXPIRED);
			current = this.phase.get();
		}
		if (n > 0 && current == Phase.AWAITING) {
			this.firstOctetAt = now;
			if (!this.phase.compareAndSet(Phase.AWAITING, Phase.IN_FRAME)) {
				current = this.phase.get();
			}
		}
		if (current == Phase.EXPIRED) {
			throw new SocketTimeoutException("deadline passed");
		}
		if (current == Phase.CLOSED_BETWEEN_FRAMES) {
			throw new SocketException("closed between frames");
		}
		if (n > 0) {
			this.metrics.received(n);
		}
		return n;
	}

	@Override
	public int available() throws IOException {
		return this.in.available();
	}

}
