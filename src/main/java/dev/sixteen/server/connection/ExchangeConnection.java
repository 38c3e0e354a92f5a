package dev.sixteen.server.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import dev.sixteen.display.Display;
import dev.sixteen.handler.Exchange;
import dev.sixteen.metrics.ConnectionEnd;
import dev.sixteen.server.connection.Outcome.Cause;
import dev.sixteen.server.edge.Admission;
import dev.sixteen.server.edge.Edge;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;

/**
 * One accepted connection, and the one owner of its life: it reads each frame with the
 * codec, hands it to the inbound gateway, writes the reply the gateway sends back, and
 * closes, counting and logging how it ended.
 *
 * <h2>States</h2>
 *
 * <pre>
 *            run()            first octet            whole frame           send(reply)
 * ACCEPTED ─────────> WAITING ───────────> READING ─────────────> REPLYING ──────────> REPLIED
 *     │                                       ▲                                          │
 *     │                                       │ first octet                 kept alive   │
 *     │                                      IDLE <──────────────────────────────────────┤
 *     │                                                                                  │ last reply,
 *     │                                                                                  │ octets unread
 *     │                                                                                  ▼
 *     └─────────────────────────────────────> CLOSED <──────────────────────────── LINGERING
 *        from any state: the exchange done, the peer gone, an error, the deadline, the server stopping
 * </pre>
 *
 * Every move is one compare-and-set on {@code state} ({@link #move}); CLOSED is entered
 * exactly once ({@link #end}), and whoever enters it counts and logs the outcome, closes
 * the socket and leaves the {@link OpenConnections}, counted there by how it ended. The
 * connection's own thread makes every forward move; other threads can only end it: the
 * deadline clock ({@link #expire}) and the server's drain ({@link #closeIfIdle},
 * {@link #abort}).
 * <p>
 * Each exchange has a deadline ({@code read-timeout}): its frame in and its reply out
 * must be done that long after the wait for the frame began, at the accept or at the
 * previous reply. The deadline also bounds ACCEPTED (a connection waiting for a thread),
 * IDLE (a kept-alive connection between frames: closed without counting a failure) and
 * LINGERING (at most two seconds).
 *
 * <h2>Who calls what</h2>
 * <ol>
 * <li>The factory's accept loop ({@code TcpNetServerConnectionFactory.run}, the accept
 * thread) creates the connection
 * ({@link dev.sixteen.server.listener.SixteenServerFactory#createNewConnection}), which
 * asks {@link Admission} whether {@code max-connections} are open; then Spring
 * Integration registers the inbound gateway as its listener and hands it to the executor.
 * <li>{@link #run()}, once, on the connection's thread: the whole read loop.
 * <li>For each frame, {@code run()} hands the request to the gateway ({@link Handoff}):
 * {@code TcpInboundGateway.onMessage} gets the reply and calls {@link #send(Message)}
 * with it, on the same thread.
 * <li>The deadline clock calls {@link #expire(long)} every tick; the drain calls
 * {@link #closeIfIdle()} and, when its time is up, {@link #abort()}.
 * </ol>
 * Everything else it needs for its life (codec, meters, log, PROXY, admission, TLS,
 * deadlines, whether to close after a reply) arrives whole, in one {@link ConnectionKit}.
 */
public final class ExchangeConnection extends TcpNetConnection {

	/** Where a connection is in its life; the class comment draws the moves. */
	public enum State {

		/** Accepted; its thread has not started. */
		ACCEPTED,
		/** Waiting for the first octet of the first frame. */
		WAITING,
		/** A frame has begun; reading the rest of it. */
		READING,
		/** The whole frame is in; the flow runs and the reply is written. */
		REPLYING,
		/** The reply is written. */
		REPLIED,
		/** Kept alive: waiting for the first octet of the next frame. */
		IDLE,
		/** The last reply is out, the output shut: dropping what the peer still sends. */
		LINGERING,
		/** Closed, the outcome counted. */
		CLOSED

	}

	private static final AtomicReferenceFieldUpdater<ExchangeConnection, State> STATE = AtomicReferenceFieldUpdater
		.newUpdater(ExchangeConnection.class, State.class, "state");

	/** Connections publish no events: sixteen logs and counts those moments itself. */
	private static final ApplicationEventPublisher NO_EVENTS = (event) -> {
	};

	private final ConnectionKit kit;

	private final Socket socket;

	/** Why the connection was refused when it was accepted; null if it was not. */
	private final Admission.@Nullable Refusal refusedAtAccept;

	/** Why its client was refused, once known; null while it is not. */
	private Admission.@Nullable Refusal refusedClient;

	/** The client admitted, counted per client until this thread ends. */
	private @Nullable InetAddress admitted;

	/** What the exchange is read from and written to: the socket, or TLS over it. */
	private InputStream input = InputStream.nullInputStream();

	private OutputStream output = OutputStream.nullOutputStream();

	private volatile State state = State.ACCEPTED;

	/** When the current state's time is up; set before the move into that state. */
	private volatile long deadline;

	/** When the first octet of the current frame arrived. */
	private long frameStartedAt;

	/** When the writing of the last reply began. */
	private long replyStartedAt;

	/** How long the last exchange took, from its first octet to its reply written. */
	private long replyDuration;

	/** Exchanges begun on this connection. */
	private long exchanges;

	/** The ends as the log shows them: the client's, where a PROXY header names it. */
	private @Nullable String peer;

	private @Nullable String local;

	/**
	 * Creates the connection of an accepted socket; called on the accept thread, before
	 * it joins the open connections.
	 * @param socket the accepted socket
	 * @param kit what the connection needs for its life
	 */
	public ExchangeConnection(Socket socket, ConnectionKit kit) {
		super(socket, true, false, NO_EVENTS, null);
		this.kit = kit;
		this.socket = socket;
		this.refusedAtAccept = kit.edge().admission().accepted(kit.connections().size());
		this.deadline = kit.now() + kit.readTimeoutNanos();
	}

	/** Serves the connection until its last reply, the peer leaving or an error. */
	@Override
	public void run() {
		try {
			if (this.refusedAtAccept == null) {
				open();
			}
			if (refusal() != null) {
				end(State.ACCEPTED, Cause.REFUSED, null);
				return;
			}
			if (!move(State.ACCEPTED, State.WAITING)) {
				return;
			}
			this.kit.log().opened(this);
			serve();
		}
		catch (SoftEndOfStreamException ex) {
			end(this.state, Cause.PEER_CLOSED, null);
		}
		catch (IOException | RuntimeException ex) {
			end(this.state, Cause.FAILED, ex);
		}
		finally {
			if (this.admitted != null) {
				this.kit.edge().admission().release(this.admitted);
			}
			// only now the gateway forgets the connection: a late reply finds it closed
			super.close();
		}
	}

	/**
	 * Learns the client (from a PROXY header, if expected), asks to admit it, layers TLS.
	 */
	private void open() throws IOException {
		Edge.Arrival arrival = this.kit.edge().arrive(this.socket);
		InetSocketAddress client = arrival.client();
		InetSocketAddress destination = arrival.destination();
		if (arrival.proxied()) {
			this.peer = Display.endpoint(client.getAddress(), client.getPort());
			this.local = (destination != null) ? Display.endpoint(destination.getAddress(), destination.getPort())
					: null;
		}
		this.refusedClient = arrival.refusal();
		if (this.refusedClient != null) {
			return;
		}
		this.admitted = client.getAddress();
		if (this.local == null && this.kit.log().detailed()) {
			this.local = Display.endpoint(this.socket.getLocalAddress(), this.socket.getLocalPort());
		}
		this.input = new CountingInput(this::arrived, arrival.input());
		this.output = arrival.output();
	}

	private void serve() throws IOException {
		Handoff handoff = new Handoff(Objects.requireNonNull(getListener(), "no inbound gateway listens"),
				getConnectionId(), this.kit.metrics());
		if (handoff.wantsFacts() && this.local == null) {
			this.local = Display.endpoint(this.socket.getLocalAddress(), this.socket.getLocalPort());
		}
		while (true) {
			// the first octets move WAITING or IDLE to READING (CountingInput)
			byte[] request = this.kit.codec().deserialize(this.input);
			if (!move(State.READING, State.REPLYING)) {
				return;
			}
			this.exchanges++;
			handoff.hand(request,
					handoff.wantsFacts() ? new Exchange(peer(), local(), getConnectionId(), this.exchanges) : null);
			State after = this.state;
			if (after == State.CLOSED) {
				return;
			}
			if (after != State.REPLIED) {
				throw ReplyFailure.none();
			}
			boolean last = this.kit.closeAfterReply() || this.kit.connections().isDraining();
			this.kit.log().replied(this, request, last, this.replyDuration);
			if (last) {
				finish();
				return;
			}
			this.deadline = this.replyStartedAt + this.kit.readTimeoutNanos();
			if (!move(State.REPLIED, State.IDLE)) {
				return;
			}
			if (this.kit.connections().isDraining()) {
				// the drain may have looked for idle connections just before this one was
				closeIfIdle();
			}
		}
	}

	/**
	 * Writes the reply straight to the socket, one write and no buffer. Called by the
	 * inbound gateway on this connection's thread; it never throws, because the gateway
	 * would only log a failure, so a failed write ends the connection here.
	 */
	@Override
	public void send(Message<?> reply) {
		this.replyStartedAt = this.kit.now();
		int length = this.kit.codec().writeLength();
		ReplyFailure wrong = ReplyFailure.ofReply(reply.getPayload(), length);
		if (wrong != null) {
			end(State.REPLYING, Cause.FAILED, wrong);
			return;
		}
		try {
			this.kit.codec().serialize((byte[]) reply.getPayload(), this.output);
		}
		catch (IOException | RuntimeException ex) {
			end(State.REPLYING, Cause.FAILED, ex);
			return;
		}
		if (move(State.REPLYING, State.REPLIED)) {
			this.replyDuration = this.kit.now() - this.frameStartedAt;
			this.kit.metrics().replied(length, this.replyDuration);
		}
	}

	/**
	 * Closes after the last reply. A peer that sent exactly its frames is closed at once,
	 * with a plain FIN. One that sent more gets a half-close, and what it still sends is
	 * read and dropped, up to a limit, until it closes: closing with unread input answers
	 * with a reset, which can destroy the reply on its way (nginx's lingering close).
	 */
	private void finish() throws IOException {
		// under TLS, octets may also wait in the socket, still encrypted
		if (this.input.available() == 0 && (!this.kit.edge().tls() || this.socket.getInputStream().available() == 0)) {
			end(State.REPLIED, Cause.DONE, null);
			return;
		}
		this.deadline = this.replyStartedAt + this.kit.lingerNanos();
		if (!move(State.REPLIED, State.LINGERING)) {
			return;
		}
		this.socket.shutdownOutput();
		this.input.readNBytes(ConnectionKit.LINGER_OCTETS);
		end(State.LINGERING, Cause.DONE, null);
	}

	/** Where the connection is now: for tests, which must not act on a stale reading. */
	public State state() {
		return this.state;
	}

	/** Ends the connection if its deadline has passed: the clock's tick. */
	public void expire(long now) {
		State current = this.state;
		if (current != State.REPLIED && current != State.CLOSED && now - this.deadline > 0) {
			end(current, Cause.DEADLINE, null);
		}
	}

	/** Closes the connection if it waits between frames. Called by the drain. */
	public void closeIfIdle() {
		end(State.IDLE, Cause.DRAINED, null);
	}

	/** Closes the connection now, whatever it is doing: the drain's time is up. */
	public void abort() {
		State current;
		do {
			current = this.state;
		}
		while (current != State.CLOSED && !end(current, Cause.ABORTED, null));
	}

	/** Ends the connection, as {@link #abort()} does; for anyone who closes it. */
	@Override
	public void close() {
		abort();
	}

	String peer() {
		String peer = this.peer;
		if (peer == null) {
			peer = Display.endpoint(this.socket.getInetAddress(), this.socket.getPort());
			this.peer = peer;
		}
		return peer;
	}

	String local() {
		return (this.local != null) ? this.local : "?:" + this.socket.getLocalPort();
	}

	private boolean move(State from, State to) {
		return STATE.compareAndSet(this, from, to);
	}

	/**
	 * Closes the connection if it is still in the given state: the one way into CLOSED.
	 * Whoever gets here first counts and logs the outcome, once.
	 * @return false if the connection had left that state
	 */
	private boolean end(State from, Cause cause, @Nullable Throwable error) {
		if (from == State.CLOSED || !move(from, State.CLOSED)) {
			return false;
		}
		ConnectionEnd end = Outcome.report(this, this.kit, from, cause, error, refusal());
		closeSocket();
		this.kit.connections().ended(this, end);
		return true;
	}

	private void closeSocket() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// nothing is left to do: the outcome is counted
		}
	}

	private Admission.@Nullable Refusal refusal() {
		return (this.refusedAtAccept != null) ? this.refusedAtAccept : this.refusedClient;
	}

	/** Octets arrived: counts them; the first of a frame starts it. */
	private void arrived(int octets) {
		this.kit.metrics().received(octets);
		State current = this.state;
		if (current == State.WAITING || current == State.IDLE) {
			this.frameStartedAt = this.kit.now();
			move(current, State.READING);
		}
	}

}
