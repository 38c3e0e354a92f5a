package dev.sixteen.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.sixteen.StartupException;
import dev.sixteen.codec.Endpoints;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * Spring Integration's blocking server factory, changed where it costs: it binds during
 * {@link #start()}, so that a busy port fails start-up instead of a background thread; it
 * leaves the bookkeeping of open connections to {@link Connections} instead of a map it
 * locks for every accept and scans for closed connections; and it sets only the socket
 * options the exchange needs.
 */
class ListenerConnectionFactory extends TcpNetServerConnectionFactory {

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	private final String bindHost;

	private final Connections connections;

	private volatile @Nullable ServerSocket bound;

	ListenerConnectionFactory(String host, int port, Connections connections) {
		super(port);
		this.bindHost = host;
		this.connections = connections;
	}

	@Override
	public void start() {
		if (!isRunning()) {
			bind();
		}
		super.start();
	}

	private void bind() {
		String address = this.bindHost + ":" + super.getPort();
		try {
			InetAddress nic = InetAddress.getByName(this.bindHost);
			ServerSocket socket = getTcpSocketFactorySupport().getServerSocketFactory().createServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(nic, super.getPort()), getBacklog());
			this.bound = socket;
			log.info("Listening on {}", Endpoints.format(socket.getInetAddress(), socket.getLocalPort()));
		}
		catch (IOException ex) {
			throw new StartupException("cannot listen on " + address + ": " + reason(ex), ex);
		}
	}

	private static String reason(IOException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return message.toLowerCase(Locale.ROOT).replace(" (bind failed)", "");
	}

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
	 * Closes the listening socket, so that new connections are refused, leaves the open
	 * ones be, and waits a little for the accept loop to hand over the connection it may
	 * be holding.
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
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		while (isListening() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
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
		this.connections.closeAll();
	}

	/**
	 * Keeps no map of connections: {@link Connections} knows the open ones, and each
	 * forgets itself as it closes.
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
	 * Sets what the exchange needs: no Nagle delay for the reply. No read timeout,
	 * because {@link FrameInput} keeps a deadline per frame; keep-alive, linger, traffic
	 * class and buffer sizes keep the system's defaults. That saves their system calls on
	 * every accept.
	 */
	@Override
	protected void setSocketAttributes(Socket socket) throws SocketException {
		socket.setTcpNoDelay(true);
		getTcpSocketSupport().postProcessSocket(socket);
	}

}
