package dev.sixteen.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * One of the run's concurrent connections, as a state machine the selector drives:
 * connect, send the request, read exactly the reply's length, compare, then send again or
 * close. A slot whose connection ended is opened again by the loop.
 */
final class Slot {

	private final BenchSettings settings;

	private final Selector selector;

	private final Tally tally;

	private final ByteBuffer request;

	private final ByteBuffer reply;

	private final ByteBuffer expected;

	private final long timeoutNanos;

	private @Nullable SocketChannel channel;

	private @Nullable SelectionKey key;

	private long startedAt;

	private long deadline;

	private int exchanged;

	Slot(BenchSettings settings, Selector selector, Tally tally) {
		this.settings = settings;
		this.selector = selector;
		this.tally = tally;
		this.request = ByteBuffer.allocateDirect(settings.request().length).put(settings.request());
		this.reply = ByteBuffer.allocateDirect(settings.reply().length);
		this.expected = ByteBuffer.wrap(settings.reply()).asReadOnlyBuffer();
		this.timeoutNanos = settings.timeout().toNanos();
	}

	/**
	 * Opens a connection and starts its first exchange.
	 * @param now the {@link System#nanoTime()} the exchange starts at
	 * @return true while the connection is open, false if it failed already
	 */
	boolean open(long now) {
		this.tally.connecting();
		start(now);
		this.exchanged = 0;
		try {
			SocketChannel socket = SocketChannel.open();
			this.channel = socket;
			socket.configureBlocking(false);
			socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
			boolean connected = socket.connect(this.settings.server());
			SelectionKey registered = socket.register(this.selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
			this.key = registered;
			return !connected || send(socket, registered);
		}
		catch (IOException ex) {
			return failToConnect(ex);
		}
	}

	/**
	 * Goes on with the exchange once the selector finds the connection ready.
	 * @param now the {@link System#nanoTime()} of the event
	 * @return true while the connection is open, false if it ended
	 */
	boolean ready(long now) {
		SelectionKey ready = this.key;
		SocketChannel socket = this.channel;
		if (ready == null || socket == null) {
			return false;
		}
		if (ready.isConnectable()) {
			try {
				return !socket.finishConnect() || send(socket, ready);
			}
			catch (IOException ex) {
				return failToConnect(ex);
			}
		}
		if (ready.isWritable()) {
			return send(socket, ready);
		}
		return !ready.isReadable() || receive(socket, ready, now);
	}

	/**
	 * Fails the exchange if its time is up.
	 * @param now the {@link System#nanoTime()} now
	 * @return true if the exchange timed out and the connection ended
	 */
	boolean expired(long now) {
		if (this.channel == null || now - this.deadline < 0) {
			return false;
		}
		fail(Failure.TIMEOUT);
		return true;
	}

	void close() {
		SocketChannel socket = this.channel;
		this.channel = null;
		this.key = null;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// the connection is over either way; nothing is left to release
			}
		}
	}

	private void start(long now) {
		this.startedAt = now;
		this.deadline = now + this.timeoutNanos;
		this.request.clear();
		this.reply.clear();
	}

	private boolean send(SocketChannel socket, SelectionKey ready) {
		try {
			socket.write(this.request);
		}
		catch (IOException ex) {
			return fail(Failure.RESET);
		}
		ready.interestOps(this.request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
		return true;
	}

	private boolean receive(SocketChannel socket, SelectionKey ready, long now) {
		int n;
		try {
			n = socket.read(this.reply);
		}
		catch (IOException ex) {
			return fail(Failure.RESET);
		}
		if (n < 0) {
			return fail(Failure.CLOSED_EARLY);
		}
		if (this.reply.hasRemaining()) {
			return true;
		}
		if (!this.reply.flip().equals(this.expected) && !this.settings.anyReply()) {
			return fail(Failure.MISMATCHED);
		}
		this.tally.exchanged(now - this.startedAt);
		if (++this.exchanged >= this.settings.keepAlive()) {
			close();
			return false;
		}
		start(now);
		return send(socket, ready);
	}

	private boolean failToConnect(IOException failure) {
		Failure reason = Failure.ofConnect(failure);
		if (reason == Failure.OTHER) {
			this.tally.otherCause((failure.getMessage() != null) ? failure.getMessage() : failure.toString());
		}
		return fail(reason);
	}

	private boolean fail(Failure failure) {
		this.tally.failed(failure);
		close();
		return false;
	}

}
