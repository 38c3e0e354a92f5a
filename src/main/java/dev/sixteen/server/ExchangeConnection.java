package dev.sixteen.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;

import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.metrics.FailureReason;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;

/**
 * One server connection: reads frames against a deadline, counts and logs each exchange
 * by its four-tuple, and after the last reply closes without destroying it.
 */
final class ExchangeConnection extends TcpNetConnection {

	/** How long a closing connection waits for the peer to close after the last reply. */
	private static final Duration LINGER = Duration.ofSeconds(2);

	/** Unread octets a closing connection reads and discards before it gives up. */
	private static final int LINGER_OCTETS = 64 * 1024;

	/**
	 * Ends the read loop after the last reply. Shared, because Spring Integration ends a
	 * connection by exception and filling in a stack trace for each one is measurable.
	 */
	private static final SoftEndOfStreamException REPLIED = new SoftEndOfStreamException("reply sent");

	/** Ends the read loop of a connection closed while it waited between frames. */
	private static final SoftEndOfStreamException CLOSED = new SoftEndOfStreamException("closed between frames");

	private final Socket socket;

	private final SixteenServerProperties properties;

	private final FixedLengthCodec codec;

	private final ExchangeMetrics metrics;

	private final Connections connections;

	private final FrameInput input;

	private final OutputStream output;

	private final ExchangeLog log;

	private final AtomicBoolean closed = new AtomicBoolean();

	private @Nullable String rejection;

	private byte @Nullable [] request;

	private volatile int exchanges;

	private volatile boolean draining;

	/** The last reply is written: the connection only closes now. */
	private boolean done;

	/**
	 * The peer sent more than its frame: half-close and read until it closes, because
	 * closing with unread input answers with a reset that can destroy the reply on its
	 * way (nginx's lingering close). A peer that sent exactly its frame is closed at
	 * once.
	 */
	private boolean lingering;

	ExchangeConnection(Socket socket, @Nullable ApplicationEventPublisher publisher, @Nullable String factoryName,
			SixteenServerProperties properties, FixedLengthCodec codec, ExchangeMetrics metrics,
			Connections connections) {
		super(socket, true, false, publisher, factoryName);
		this.socket = socket;
		this.properties = properties;
		this.codec = codec;
		this.metrics = metrics;
		this.connections = connections;
		this.log = new ExchangeLog(socket, metrics);
		try {
			this.input = new FrameInput(socket, metrics);
			this.output = socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Refuses this connection: it will be closed as soon as it runs, without reading.
	 * @param reason why, for the log
	 */
	void reject(String reason) {
		this.rejection = reason;
	}

	/**
	 * Asks this connection to close after the exchange it is in; one waiting between
	 * frames of a kept-alive connection closes now.
	 */
	void drain() {
		this.draining = true;
		if (this.exchanges > 0 && this.input.closeBetweenFrames()) {
			close();
		}
	}

	/**
	 * Closes this connection if its exchange is late; its reader then counts a timeout.
	 * @param now a {@link System#nanoTime()} reading
	 */
	void expireIfLate(long now) {
		if (this.input.expire(now)) {
			close();
		}
	}

	/** Closes this connection at once; an exchange in it counts as failed at shutdown. */
	void abort() {
		this.draining = true;
		close();
	}

	@Override
	public void run() {
		if (this.rejection != null) {
			this.log.failed(FailureReason.REJECTED, "refused: " + this.rejection);
			close();
			return;
		}
		this.log.opened();
		super.run();
	}

	@Override
	protected InputStream inputStream() {
		return this.input;
	}

	@Override
	public Object getPayload() {
		if (this.done) {
			if (this.lingering) {
				Duration allowed = (LINGER.compareTo(this.properties.readTimeout()) < 0) ? LINGER
						: this.properties.readTimeout();
				this.log.debug("octets dropped after its frame", this.input.discardUntilClosed(allowed, LINGER_OCTETS));
			}
			throw REPLIED;
		}
		if (!this.input.startFrame(this.properties.readTimeout())
				|| (this.draining && this.exchanges > 0 && this.input.closeBetweenFrames())) {
			throw CLOSED;
		}
		byte[] frame = (byte[]) super.getPayload();
		this.request = frame;
		return frame;
	}

	/**
	 * Writes the reply straight to the socket: one write, no buffer. Spring Integration's
	 * own send wraps the socket in a buffer as large as the socket's send buffer, which
	 * on a fast link is megabytes for each connection.
	 */
	@Override
	public void send(Message<?> message) {
		try {
			this.codec.serialize((byte[]) message.getPayload(), this.output);
		}
		catch (IOException | RuntimeException ex) {
			if (this.input.phase() == FrameInput.Phase.EXPIRED) {
				this.log.failed(FailureReason.TIMEOUT, "reply not written within " + readTimeout());
			}
			else {
				this.log.failed(FailureReason.of(ex), "reply not sent: " + ex.getMessage());
			}
			closeConnection(true);
			return;
		}
		this.metrics.replied(this.properties.frameLength(), System.nanoTime() - this.input.firstOctetAt());
		this.exchanges++;
		if (!this.input.endFrame()) {
			// written just as the deadline closed the connection: nothing more to do
			this.done = true;
		}
		else if (this.properties.closeAfterReply() || this.draining) {
			this.done = true;
			this.lingering = unreadInput();
			if (this.lingering) {
				shutdownOutputQuietly();
			}
		}
		this.log.replied(this.request, this.done);
	}

	/**
	 * Ends the connection after its read loop stopped, counting a failure only where an
	 * exchange was begun or awaited and got no reply.
	 */
	@Override
	protected boolean handleReadException(Exception exception) {
		Throwable cause = (exception instanceof UncheckedIOException && exception.getCause() != null)
				? exception.getCause() : exception;
		FrameInput.Phase phase = this.input.phase();
		boolean betweenFrames = this.exchanges > 0 && this.input.firstOctetAt() == 0;
		if (this.done || phase == FrameInput.Phase.CLOSED_BETWEEN_FRAMES) {
			this.log.debug("closed after its exchanges", this.exchanges);
		}
		else if (phase == FrameInput.Phase.EXPIRED || cause instanceof SocketTimeoutException) {
			if (betweenFrames) {
				this.log.debug("idle between frames for", readTimeout());
			}
			else {
				this.log.failed(FailureReason.TIMEOUT,
						"no whole frame within " + readTimeout() + " (sixteen.server.read-timeout)");
			}
		}
		else if (this.draining && !isOpen()) {
			this.log.failed(FailureReason.SHUTDOWN, "closed unfinished: the server is stopping");
		}
		else if (cause instanceof SoftEndOfStreamException || isTlsHangUp(cause)) {
			if (this.exchanges == 0) {
				this.log.failed(FailureReason.EMPTY, "closed before sending an octet");
			}
		}
		else {
			this.log.failed(FailureReason.of(cause), cause.getMessage());
		}
		closeConnection(true);
		return true;
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.connections.remove(this);
		}
		super.close();
	}

	/** A TLS peer that closed before its handshake began, as a TCP health check does. */
	private boolean isTlsHangUp(Throwable cause) {
		return this.exchanges == 0 && cause instanceof SSLException && cause.getCause() instanceof EOFException;
	}

	private String readTimeout() {
		return this.properties.readTimeout().toMillis() + " ms";
	}

	private boolean unreadInput() {
		try {
			return this.input.available() > 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void shutdownOutputQuietly() {
		try {
			this.socket.shutdownOutput();
		}
		catch (IOException | UnsupportedOperationException ex) {
			this.log.debug("half-close failed", ex.getMessage());
		}
	}

}
