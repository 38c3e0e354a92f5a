package dev.sixteen.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.sixteen.Display;
import dev.sixteen.StartupException;
import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.metrics.FailureReason;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The exchange's TCP listener: Spring Integration's blocking server connection factory,
 * which accepts each connection and runs it on a thread of its own. This one binds during
 * {@link #start()}, so that a busy port fails start-up; admits or refuses each connection
 * it accepts ({@code allowed-clients}, {@code max-connections}); and keeps the
 * connections open now, for their deadlines (a clock ends the late ones every 100 ms) and
 * for the drain when the server stops. What it changes of Spring Integration's factory,
 * and why, is listed in {@code docs/spring-integration.md}.
 */
class ExchangeConnectionFactory extends TcpNetServerConnectionFactory implements TcpNetConnectionSupport, MeterBinder {

	/** Connections publish no events: sixteen logs and counts those moments itself. */
	static final ApplicationEventPublisher NO_EVENTS = (event) -> {
	};

	/** Octets a closing connection reads and drops after its last reply, at most. */
	static final int LINGER_OCTETS = 64 * 1024;

	/** How long a closing connection waits for the peer to close, at most. */
	private static final Duration LINGER = Duration.ofSeconds(2);

	/** How often deadlines are checked: a late connection is closed within this. */
	private static final Duration TICK = Duration.ofMillis(100);

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	private final SixteenServerProperties properties;

	private final FixedLengthCodec codec;

	private final ExchangeMetrics metrics;

	private final ExchangeLog exchangeLog = new ExchangeLog();

	private final Clock clock;

	private final long readTimeoutNanos;

	private final long lingerNanos;

	private final Set<ExchangeConnection> open = ConcurrentHashMap.newKeySet();

	private volatile @Nullable ServerSocket bound;

	private volatile @Nullable ScheduledExecutorService deadlines;

	private volatile boolean draining;

	/**
	 * Creates the factory.
	 * @param properties the settings under {@code sixteen.server}
	 * @param codec the frame codec, for both directions
	 * @param metrics where connections count what happens to them
	 * @param clock the monotonic time deadlines are kept in
	 */
	ExchangeConnectionFactory(SixteenServerProperties properties, FixedLengthCodec codec, ExchangeMetrics metrics,
			Clock clock) {
		super(properties.port());
		this.properties = properties;
		this.codec = codec;
		this.metrics = metrics;
		this.clock = clock;
		this.readTimeoutNanos = saturatedNanos(properties.readTimeout());
		this.lingerNanos = Math.min(this.readTimeoutNanos, LINGER.toNanos());
		setSerializer(codec);
		setDeserializer(codec);
		setBacklog(properties.backlog());
		setTcpNetConnectionSupport(this);
	}

	@Override
	public void start() {
		if (!isRunning()) {
			bind();
			ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "sixteen-deadlines");
				thread.setDaemon(true);
				return thread;
			});
			clock.scheduleWithFixedDelay(this::expireLate, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
			this.deadlines = clock;
		}
		super.start();
	}

	private void bind() {
		String address = this.properties.host() + ":" + super.getPort();
		try {
			InetAddress nic = InetAddress.getByName(this.properties.host());
			ServerSocket socket = getTcpSocketFactorySupport().getServerSocketFactory().createServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(nic, super.getPort()), getBacklog());
			this.bound = socket;
			log.info("Listening on {}", Display.endpoint(socket.getInetAddress(), socket.getLocalPort()));
		}
		catch (IOException ex) {
			String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			throw new StartupException("cannot listen on " + address + ": "
					+ reason.toLowerCase(Locale.ROOT).replace(" (bind failed)", ""), ex);
		}
	}

	/** Hands Spring Integration's accept loop the socket bound in {@link #start()}. */
	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic)
			throws IOException {
		ServerSocket socket = this.bound;
		if (socket == null || socket.isClosed()) {
			throw new IOException("listener stopped before it started");
		}
		return socket;
	}

	@Override
	public int getPort() {
		ServerSocket socket = this.bound;
		return (socket != null) ? socket.getLocalPort() : super.getPort();
	}

	/**
	 * Sets what the exchange needs on each accepted socket: no Nagle delay for the reply.
	 * No read timeout, because each connection's deadline is kept by the clock;
	 * keep-alive, linger, traffic class and buffer sizes keep the system's defaults,
	 * which saves their system calls on every accept.
	 */
	@Override
	protected void setSocketAttributes(Socket socket) throws SocketException {
		socket.setTcpNoDelay(true);
		getTcpSocketSupport().postProcessSocket(socket);
	}

	/**
	 * Creates the connection for an accepted socket, admitted or refused. Called by the
	 * accept loop, on its thread.
	 */
	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		this.metrics.accepted();
		Refusal refusal = null;
		if (!allowed(socket.getInetAddress())) {
			refusal = new Refusal(FailureReason.REJECTED, "not in sixteen.server.allowed-clients");
		}
		else if (this.open.size() >= this.properties.maxConnections()) {
			refusal = new Refusal(FailureReason.REJECTED,
					this.properties.maxConnections() + " connections open (sixteen.server.max-connections)");
		}
		ExchangeConnection connection = new ExchangeConnection(socket, this, refusal);
		this.open.add(connection);
		return connection;
	}

	private boolean allowed(InetAddress peer) {
		List<Cidr> networks = this.properties.allowedClients();
		if (networks.isEmpty()) {
			return true;
		}
		for (Cidr network : networks) {
			if (network.contains(peer)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Keeps no map of connections: {@link #open} has them, and each leaves as it ends.
	 */
	@Override
	protected void addConnection(TcpConnectionSupport connection) {
		if (!isActive()) {
			connection.close();
		}
	}

	@Override
	protected void harvestClosedConnections() {
	}

	/** Called by a connection as it ends. */
	void forget(ExchangeConnection connection) {
		this.open.remove(connection);
	}

	private void expireLate() {
		long now = now();
		for (ExchangeConnection connection : this.open) {
			try {
				connection.expire(now);
			}
			catch (RuntimeException ex) {
				// one connection's trouble must not stop the clock for all the others
				log.warn("Closing a late connection failed: {}", ex.toString());
			}
		}
	}

	/**
	 * Closes the listening socket, so that new connections are refused, and waits a
	 * little for the accept loop to hand over the connection it may hold. Open
	 * connections stay.
	 */
	void stopAccepting() {
		ServerSocket socket = this.bound;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				log.debug("Closing the listener failed: {}", ex.getMessage());
			}
		}
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		while (isListening() && System.nanoTime() < until) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	/**
	 * The drain: closes the connections waiting between frames, lets those in an exchange
	 * finish it (each closes after its reply), and after {@code timeout} closes the rest.
	 * @param timeout how long exchanges in flight get
	 * @return how many connections were closed unfinished
	 */
	int drain(Duration timeout) {
		this.draining = true;
		this.open.forEach(ExchangeConnection::closeIfIdle);
		long until = System.nanoTime() + timeout.toNanos();
		while (!this.open.isEmpty() && System.nanoTime() - until < 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		int unfinished = this.open.size();
		this.open.forEach(ExchangeConnection::abort);
		return unfinished;
	}

	@Override
	public void stop() {
		ServerSocket socket = this.bound;
		if (socket != null && !isListening()) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				log.debug("Closing the unused listener failed: {}", ex.getMessage());
			}
		}
		super.stop();
		this.draining = true;
		this.open.forEach(ExchangeConnection::abort);
		ScheduledExecutorService clock = this.deadlines;
		if (clock != null) {
			clock.shutdownNow();
		}
	}

	/**
	 * Why the factory refused a connection.
	 *
	 * @param reason the reason counted
	 * @param detail what the log says
	 */
	record Refusal(FailureReason reason, String detail) {
	}

	/** The gauges of what the listener holds now. */
	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("sixteen.listener.up", this, (factory) -> factory.isListening() ? 1 : 0)
			.description("1 while the TCP listener accepts connections, else 0")
			.register(registry);
		Gauge.builder("sixteen.connections.open", this.open, Set::size)
			.description("TCP connections open now")
			.register(registry);
	}

	int openConnections() {
		return this.open.size();
	}

	long now() {
		return this.clock.monotonicTime();
	}

	long readTimeoutNanos() {
		return this.readTimeoutNanos;
	}

	long lingerNanos() {
		return this.lingerNanos;
	}

	boolean closesAfterReply() {
		return this.properties.closeAfterReply();
	}

	boolean isDraining() {
		return this.draining;
	}

	FixedLengthCodec codec() {
		return this.codec;
	}

	ExchangeMetrics metrics() {
		return this.metrics;
	}

	ExchangeLog log() {
		return this.exchangeLog;
	}

	/**
	 * A duration in nanoseconds; one too long for that (about 292 years) is a century.
	 */
	private static long saturatedNanos(Duration duration) {
		return duration.compareTo(Duration.ofDays(36500)) > 0 ? Duration.ofDays(36500).toNanos() : duration.toNanos();
	}

}
