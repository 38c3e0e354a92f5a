package dev.sixteen.server.listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.sixteen.display.Display;
import dev.sixteen.server.connection.ConnectionKit;
import dev.sixteen.server.connection.ExchangeConnection;
import dev.sixteen.settings.SixteenServerProperties;
import dev.sixteen.startup.StartupException;
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
 * which accepts each connection and runs it on a thread of its own. It changes only what
 * the framework must do otherwise, each listed with its reason in
 * {@code docs/spring-integration.md}: it binds during {@link #start()}, so that a busy
 * port fails start-up; survives accept errors such as running out of file descriptors
 * ({@link ListeningSocket}); creates an {@link ExchangeConnection} for each socket, with
 * the {@link ConnectionKit} it needs; and keeps no map of connections of its own (the
 * {@link dev.sixteen.server.connection.OpenConnections} have them).
 */
public class SixteenServerFactory extends TcpNetServerConnectionFactory implements TcpNetConnectionSupport {

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	private final String host;

	private final ConnectionKit kit;

	private Runnable beforeStart = () -> {
	};

	private volatile @Nullable ListeningSocket listening;

	/** Completed when the accept loop ends. */
	private volatile CompletableFuture<Void> acceptLoopEnded = new CompletableFuture<>();

	private volatile boolean stopping;

	/**
	 * Creates the factory.
	 * @param properties the settings under {@code sixteen.server}: the address to listen
	 * on and the backlog
	 * @param kit what each connection needs for its life
	 */
	public SixteenServerFactory(SixteenServerProperties properties, ConnectionKit kit) {
		super(properties.port());
		this.host = properties.host();
		this.kit = kit;
		setSerializer(kit.codec());
		setDeserializer(kit.codec());
		setBacklog(properties.backlog());
		setTcpNetConnectionSupport(this);
	}

	/**
	 * Sets what must be done before the listener binds, such as deciding how the gateway
	 * replies. The factory is a lifecycle bean of its own, in the gateway's phase, so
	 * either may start first: this runs before the first connection, whichever does.
	 * @param task run once per start, before the bind
	 */
	public void setBeforeStart(Runnable task) {
		this.beforeStart = task;
	}

	@Override
	public void start() {
		if (!isRunning()) {
			this.stopping = false;
			this.acceptLoopEnded = new CompletableFuture<>();
			this.beforeStart.run();
			ConnectionKit.preload();
			bind();
		}
		super.start();
	}

	private void bind() {
		String address = this.host + ":" + super.getPort();
		try {
			ListeningSocket socket = new ListeningSocket(this.kit.metrics());
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getByName(this.host), super.getPort()), getBacklog());
			this.listening = socket;
			log.info("Listening on {}", Display.endpoint(socket.getInetAddress(), socket.getLocalPort()));
		}
		catch (IOException ex) {
			String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			throw new StartupException("cannot listen on " + address + ": "
					+ reason.toLowerCase(Locale.ROOT).replace(" (bind failed)", ""), ex);
		}
	}

	/**
	 * Runs each connection on the given executor, and the accept loop on a platform
	 * thread of its own ({@code sixteen-accept}): on a virtual thread every accept that
	 * has to wait would go through the JDK's poller, a park, an {@code epoll_ctl} and a
	 * wake-up by another thread, where a platform thread's accept waits in the kernel.
	 * @param connections the executor of the connections' threads
	 */
	@Override
	public void setTaskExecutor(Executor connections) {
		super.setTaskExecutor((task) -> {
			if (task == this) {
				Thread acceptLoop = new Thread(task, "sixteen-accept");
				acceptLoop.setDaemon(true);
				acceptLoop.start();
			}
			else {
				connections.execute(task);
			}
		});
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
		if (!listening) {
			this.acceptLoopEnded.complete(null);
			if (!this.stopping) {
				log.error("The TCP listener stopped and cannot restart; liveness is now BROKEN");
				AvailabilityChangeEvent.publish(getApplicationEventPublisher(), this, LivenessState.BROKEN);
			}
		}
	}

	/** Tells whether new connections are being accepted now. */
	public boolean isAccepting() {
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
	 * Creates the connection for an accepted socket and counts it open. Called by the
	 * accept loop, on its thread.
	 */
	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		ExchangeConnection connection = new ExchangeConnection(socket, this.kit);
		this.kit.connections().accepted(connection);
		return connection;
	}

	/**
	 * Keeps no map of connections: {@link dev.sixteen.server.connection.OpenConnections}
	 * has them, and each leaves as it ends.
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

	/**
	 * Stops accepting: takes what the kernel has already queued (those connections were
	 * completed, and closing the listener would reset them), then closes the listener.
	 * Waits for the accept loop to end, at most a few seconds.
	 */
	public void stopAccepting() {
		this.stopping = true;
		ListeningSocket socket = this.listening;
		if (socket != null) {
			socket.closeWhenQueueEmpty();
		}
		if (isListening()) {
			try {
				this.acceptLoopEnded.get(5, TimeUnit.SECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				log.debug("The accept loop did not end within 5 s; closing the listener");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (socket != null) {
			socket.closeQuietly();
		}
	}

	@Override
	public void stop() {
		this.stopping = true;
		this.kit.connections().startDraining();
		ListeningSocket socket = this.listening;
		if (socket != null && !isListening()) {
			socket.closeQuietly();
		}
		super.stop();
		this.kit.connections().closeAll();
	}

}
