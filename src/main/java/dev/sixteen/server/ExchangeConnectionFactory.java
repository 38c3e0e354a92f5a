package dev.sixteen.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.sixteen.Display;
import dev.sixteen.StartupException;
import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.codec.ShortFrameException;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.metrics.FailureReason;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The exchange's TCP listener: Spring Integration's blocking server connection factory,
 * which accepts each connection and runs it on a thread of its own. This one binds during
 * {@link #start()}, so that a busy port fails start-up; survives accept errors such as
 * running out of file descriptors ({@link ListeningSocket}); admits or refuses each
 * connection ({@code max-connections}, {@code allowed-clients},
 * {@code max-connections-per-client}); and keeps the connections open now, for their
 * deadlines ({@link DeadlineClock}) and for the drain ({@link ShutdownDrain}). What it
 * changes of Spring Integration's factory, and why, is listed in
 * {@code docs/spring-integration.md}.
 */
class ExchangeConnectionFactory extends TcpNetServerConnectionFactory implements TcpNetConnectionSupport {

	/** Connections publish no events: sixteen logs and counts those moments itself. */
	static final ApplicationEventPublisher NO_EVENTS = (event) -> {
	};

	/** Octets a closing connection reads and drops after its last reply, at most. */
	static final int LINGER_OCTETS = 64 * 1024;

	/** How long a closing connection waits for the peer to close, at most. */
	private static final Duration LINGER = Duration.ofSeconds(2);

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	private final SixteenServerProperties properties;

	final FixedLengthCodec codec;

	final ExchangeMetrics metrics;

	final ExchangeLog exchangeLog = new ExchangeLog();

	final @Nullable ServerTls tls;

	/** The PROXY protocol, where connections come through a balancer that sends it. */
	final @Nullable ProxyProtocol proxy;

	private final Clock clock;

	final long readTimeoutNanos;

	final long lingerNanos;

	private final int maxConnections;

	private final Set<ExchangeConnection> open = ConcurrentHashMap.newKeySet();

	private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

	private volatile @Nullable ListeningSocket listening;

	private volatile boolean draining;

	private volatile boolean stopping;

	/**
	 * Creates the factory.
	 * @param properties the settings under {@code sixteen.server}
	 * @param maxConnections the effective {@code max-connections}
	 * @param codec the frame codec, for both directions
	 * @param metrics where connections count what happens to them
	 * @param tls TLS for each accepted connection, or null for plain TCP
	 * @param clock the monotonic time deadlines are kept in
	 */
	ExchangeConnectionFactory(SixteenServerProperties properties, int maxConnections, FixedLengthCodec codec,
			ExchangeMetrics metrics, @Nullable ServerTls tls, Clock clock) {
		super(properties.port());
		this.properties = properties;
		this.maxConnections = maxConnections;
		this.codec = codec;
		this.metrics = metrics;
		this.tls = tls;
		SixteenServerProperties.ProxyProtocol proxy = properties.proxyProtocol();
		this.proxy = (proxy.mode() == SixteenServerProperties.ProxyProtocol.Mode.OFF) ? null : new ProxyProtocol(
				proxy.mode() == SixteenServerProperties.ProxyProtocol.Mode.REQUIRED, proxy.trustedProxies());
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
			this.stopping = false;
			preload();
			bind();
		}
		super.start();
	}

	/**
	 * Loads now the classes a connection needs, so that none is loaded for the first time
	 * while the process is out of file descriptors: where classes are files, as in an
	 * extracted layout, loading one opens one, and a connection that cannot load how it
	 * ends would leak its socket.
	 */
	private static void preload() {
		List<Class<?>> classes = new ArrayList<>(List.of(ExchangeConnection.class.getDeclaredClasses()));
		classes.addAll(List.of(ProxyProtocol.class.getDeclaredClasses()));
		classes.addAll(List.of(Refusal.class, ShortFrameException.class, FailureReason.class, Display.class));
		for (Class<?> type : classes) {
			try {
				Class.forName(type.getName(), true, type.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private void bind() {
		String address = this.properties.host() + ":" + super.getPort();
		try {
			ListeningSocket socket = new ListeningSocket(this.metrics);
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getByName(this.properties.host()), super.getPort()),
					getBacklog());
			this.listening = socket;
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
		ServerSocket socket = this.listening;
		if (socket == null || socket.isClosed()) {
			throw new SocketException("listener stopped before it started");
		}
		return socket;
	}

	@Override
	public int getPort() {
		ServerSocket socket = this.listening;
		return (socket != null) ? socket.getLocalPort() : super.getPort();
	}

	/**
	 * Notes when the accept loop ends. If nobody asked it to, the listener cannot come
	 * back (its socket was closed under it), so liveness turns BROKEN and Kubernetes
	 * restarts the pod, instead of leaving it out of the Service for good.
	 */
	@Override
	protected void setListening(boolean listening) {
		super.setListening(listening);
		if (!listening && !this.stopping) {
			log.error("The TCP listener stopped and cannot restart; liveness is now BROKEN");
			AvailabilityChangeEvent.publish(getApplicationEventPublisher(), this, LivenessState.BROKEN);
		}
	}

	/** Tells whether new connections are being accepted now. */
	boolean isAccepting() {
		ListeningSocket socket = this.listening;
		return isListening() && socket != null && socket.accepting();
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
	}

	/**
	 * Creates the connection for an accepted socket, refused if {@code max-connections}
	 * are open. Called by the accept loop, on its thread.
	 */
	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		this.metrics.accepted();
		Refusal refusal = (this.open.size() < this.maxConnections) ? null : new Refusal(FailureReason.OVER_LIMIT,
				this.maxConnections + " connections open (sixteen.server.max-connections)");
		ExchangeConnection connection = new ExchangeConnection(socket, this, refusal);
		this.open.add(connection);
		return connection;
	}

	/**
	 * Admits a client by its address, or says why not: {@code allowed-clients} and
	 * {@code max-connections-per-client}. An admitted client is counted until
	 * {@link #release(InetAddress)}.
	 * @param client the client's address
	 * @return null if admitted, else why it is refused
	 */
	@Nullable Refusal admit(InetAddress client) {
		List<Cidr> networks = this.properties.allowedClients();
		if (!networks.isEmpty() && networks.stream().noneMatch((network) -> network.contains(client))) {
			return new Refusal(FailureReason.NOT_ALLOWED, "not in sixteen.server.allowed-clients");
		}
		int limit = this.properties.maxConnectionsPerClient();
		if (limit > 0
				&& this.perClient.computeIfAbsent(client, (key) -> new AtomicInteger()).getAndIncrement() >= limit) {
			release(client);
			return new Refusal(FailureReason.OVER_CLIENT_LIMIT,
					limit + " connections open from this address (sixteen.server.max-connections-per-client)");
		}
		return null;
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

	/** Called by an admitted connection's thread as it ends. */
	void release(InetAddress client) {
		if (this.properties.maxConnectionsPerClient() > 0) {
			this.perClient.computeIfPresent(client, (key, count) -> (count.decrementAndGet() <= 0) ? null : count);
		}
	}

	/**
	 * Stops accepting: takes what the kernel has already queued (those connections were
	 * completed, and closing the listener would reset them), then closes the listener.
	 * Waits for the accept loop to end, at most a few seconds.
	 */
	void stopAccepting() {
		this.stopping = true;
		ListeningSocket socket = this.listening;
		if (socket != null) {
			socket.closeWhenQueueEmpty();
		}
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (isListening() && System.nanoTime() - until < 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		if (socket != null) {
			socket.closeQuietly();
		}
	}

	/** Marks the server as draining: each connection closes after its current reply. */
	void startDraining() {
		this.draining = true;
	}

	Set<ExchangeConnection> openConnections() {
		return this.open;
	}

	@Override
	public void stop() {
		this.stopping = true;
		this.draining = true;
		ListeningSocket socket = this.listening;
		if (socket != null && !isListening()) {
			socket.closeQuietly();
		}
		super.stop();
		this.open.forEach(ExchangeConnection::abort);
	}

	int maxConnections() {
		return this.maxConnections;
	}

	long now() {
		return this.clock.monotonicTime();
	}

	boolean closesAfterReply() {
		return this.properties.closeAfterReply();
	}

	boolean isDraining() {
		return this.draining;
	}

	/**
	 * A duration in nanoseconds; one too long for that (about 292 years) is a century.
	 */
	private static long saturatedNanos(Duration duration) {
		return duration.compareTo(Duration.ofDays(36500)) > 0 ? Duration.ofDays(36500).toNanos() : duration.toNanos();
	}

	/**
	 * Why the factory refused a connection.
	 *
	 * @param reason the reason counted
	 * @param detail what the log says
	 */
	record Refusal(FailureReason reason, String detail) {
	}

}
