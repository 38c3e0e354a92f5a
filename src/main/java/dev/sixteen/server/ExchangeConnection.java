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

import dev.sixteen.codec.Endpoints;
import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.codec.Octets;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.metrics.FailureReason;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;

/**
 * One server connection: reads frames against a deadline, counts and logs each exchange
 * by its four-tuple, and after the last reply closes without destroying it.
 */
final class ExchangeConnection extends TcpNetConnection {

	/**
	 * Per-exchange lines; turn down with {@code logging.level.sixteen.exchanges=warn}.
	 */
	static final Logger log = LoggerFactory.getLogger("sixteen.exchanges");

	/** How long a closing connection waits for the peer to close after the last reply. */
	private static final Duration LINGER = Duration.ofSeconds(2);

	/**
	 * Ends the read loop after the last reply. Shared, because Spring Integration ends a
	 * connection by exception and filling in a stack trace for each one is measurable.
	 */
	private static final SoftEndOfStreamException REPLIED = new SoftEndOfStreamException("reply sent");

	/** Ends the read loop of a connection closed while it waited between frames. */
	private static final SoftEndOfStreamException CLOSED = new SoftEndOfStreamException("closed between frames");

	/** Unread octets a closing connection reads and discards before it gives up. */
	private static final int LINGER_OCTETS = 64 * 1024;

	private final Socket socket;

	private @Nullable String peer;

	private @Nullable String name;

	private final ServerProperties properties;

	private final ExchangeMetrics metrics;

	private final Connections connections;

	private final FixedLengthCodec codec;

	private final FrameInput input;

	private final OutputStream output;

	private final AtomicBoolean closed = new AtomicBoolean();

	private @Nullable String rejection;

	private byte @Nullable [] request;

	private volatile int exchanges;

	private volatile boolean draining;

	private boolean done;

	private boolean lingering;

	private boolean failureCounted;

	ExchangeConnection(Socket socket, @Nullable ApplicationEventPublisher publisher, @Nullable String factoryName,
			ServerProperties properties, FixedLengthCodec codec, ExchangeMetrics metrics, Connections connections) {
		super(socket, true, false, publisher, factoryName);
		this.socket = socket;
		this.properties = properties;
		this.metrics = metrics;
		this.connections = connections;
		this.codec = codec;
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
	 * Closes this connection if the frame it awaits is late; its reader then counts a
	 * timeout.
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
			fail(FailureReason.REJECTED, "refused: " + this.rejection);
			close();
			return;
		}
		if (log.isInfoEnabled()) {
			// the socket name costs a system call: ask while the socket is open, and only
			// to log it
			name();
		}
		if (log.isDebugEnabled()) {
			log.debug("accepted from {}, socket name {}", peer(), name());
		}
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
				linger();
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
				fail(FailureReason.TIMEOUT, "reply not written within " + readTimeout());
			}
			else {
				fail(FailureReason.of(ex), "reply not sent: " + ex.getMessage());
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
		if (log.isInfoEnabled()) {
			log.info("accepted from {}, socket name {}, socket peer {}, incoming {}, reply sent{}", peer(), name(),
					peer(), Octets.repr(this.request), this.done ? ", socket closed" : "");
		}
	}

	/**
	 * Ends the connection after its read loop stopped, counting a failure only where an
	 * exchange was begun or expected and got no reply.
	 */
	@Override
	protected boolean handleReadException(Exception exception) {
		Throwable cause = (exception instanceof UncheckedIOException && exception.getCause() != null)
				? exception.getCause() : exception;
		FrameInput.Phase phase = this.input.phase();
		boolean betweenFrames = this.exchanges > 0 && this.input.firstOctetAt() == 0;
		if (this.done || phase == FrameInput.Phase.CLOSED_BETWEEN_FRAMES) {
			log.debug("{} closed after {} exchanges", peer(), this.exchanges);
		}
		else if (phase == FrameInput.Phase.EXPIRED || cause instanceof SocketTimeoutException) {
			if (betweenFrames) {
				log.debug("{} idle for {} after {} exchanges: closed", peer(), readTimeout(), this.exchanges);
			}
			else {
				fail(FailureReason.TIMEOUT,
						"no whole frame within " + readTimeout() + " (sixteen.server.read-timeout)");
			}
		}
		else if (this.draining && !isOpen()) {
			fail(FailureReason.SHUTDOWN, "closed unfinished: the server is stopping");
		}
		else if (cause instanceof SoftEndOfStreamException || isTlsHangUp(cause)) {
			if (this.exchanges == 0) {
				fail(FailureReason.EMPTY, "closed before sending an octet");
			}
		}
		else {
			fail(FailureReason.of(cause), cause.getMessage());
		}
		closeConnection(true);
		return true;
	}

	/** A TLS peer that closed before its handshake began, as a TCP health check does. */
	private boolean isTlsHangUp(Throwable cause) {
		return this.exchanges == 0 && cause instanceof SSLException && cause.getCause() instanceof EOFException;
	}

	private String readTimeout() {
		return this.properties.readTimeout().toMillis() + " ms";
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.connections.remove(this);
		}
		super.close();
	}

	private boolean unreadInput() {
		try {
			return this.input.available() > 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Reads what the peer still sends until it closes, so that closing with unread input
	 * does not answer with a reset that could destroy the reply on its way. As nginx's
	 * lingering close, this happens only when the peer sent more than its frame: a peer
	 * that sent exactly one frame is closed at once, with a plain FIN.
	 */
	private void linger() {
		this.input
			.startFrame((LINGER.compareTo(this.properties.readTimeout()) < 0) ? LINGER : this.properties.readTimeout());
		byte[] sink = new byte[256];
		int discarded = 0;
		try {
			int n;
			while (discarded < LINGER_OCTETS && (n = this.input.read(sink, 0, sink.length)) >= 0) {
				discarded += n;
			}
		}
		catch (IOException ex) {
			log.debug("{} closing after reply: {}", peer(), ex.getMessage());
		}
		if (discarded > 0) {
			log.debug("{} sent {} octets after its frame; discarded", peer(), discarded);
		}
	}

	private void shutdownOutputQuietly() {
		try {
			this.socket.shutdownOutput();
		}
		catch (IOException | UnsupportedOperationException ex) {
			log.debug("{} shutdown of output failed: {}", peer(), ex.getMessage());
		}
	}

	private String peer() {
		if (this.peer == null) {
			this.peer = Endpoints.format(this.socket.getInetAddress(), this.socket.getPort());
		}
		return this.peer;
	}

	private String name() {
		if (this.name == null) {
			this.name = Endpoints.format(this.socket.getLocalAddress(), this.socket.getLocalPort());
		}
		return this.name;
	}

	private void fail(FailureReason reason, @Nullable String detail) {
		if (this.failureCounted) {
			return;
		}
		this.failureCounted = true;
		this.metrics.failed(reason);
		if (reason == FailureReason.ERROR) {
			log.warn("{} -> {} failed ({}): {}", peer(), name(), reason.tag(), detail);
		}
		else if (log.isInfoEnabled()) {
			log.info("{} -> {} failed ({}): {}", peer(), name(), reason.tag(), detail);
		}
	}

}
