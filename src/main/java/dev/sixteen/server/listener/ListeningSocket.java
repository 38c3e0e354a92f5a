package dev.sixteen.server.listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.sixteen.metrics.AcceptError;
import dev.sixteen.metrics.ExchangeMetrics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange's listening socket, which Spring Integration's accept loop accepts from.
 * <p>
 * An accept error other than its own closing (out of file descriptors, out of kernel
 * buffers, a connection aborted while queued) is counted, said at WARN once per burst,
 * and waited out with a short pause before accepting again, as nginx and Netty do: the
 * accept loop would otherwise end on it and stop the factory, closing every connection.
 * Open connections never notice.
 * <p>
 * Its graceful close ({@link #closeWhenQueueEmpty()}) first takes what the kernel has
 * queued: those connections were completed by the kernel, and closing the listener would
 * reset them. It knocks on its own door to wake an accept that blocks without a timeout,
 * takes everything queued before the knock, then closes once the queue stays empty for 50
 * ms.
 */
final class ListeningSocket extends ServerSocket {

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	/** The pause after an accept error, before accepting again. */
	static final Duration BACKOFF = Duration.ofMillis(100);

	/** How long the queue must stay empty before a graceful close closes. */
	private static final int QUIET_MILLIS = 50;

	private final ExchangeMetrics metrics;

	/** Accept errors since the last connection accepted; 0 while accepting works. */
	private volatile int failures;

	private long failingSince;

	private volatile boolean closing;

	private volatile @Nullable SocketAddress knock;

	ListeningSocket(ExchangeMetrics metrics) throws IOException {
		this.metrics = metrics;
	}

	/** Tells whether accepting works now: false while accept errors are waited out. */
	boolean accepting() {
		return !isClosed() && this.failures == 0;
	}

	@Override
	public Socket accept() throws IOException {
		while (true) {
			try {
				Socket socket = super.accept();
				if (this.failures > 0) {
					log.info("Accepting connections again, after {} accept errors in {} ms", this.failures,
							(System.nanoTime() - this.failingSince) / 1_000_000);
					this.failures = 0;
				}
				if (this.closing && socket.getRemoteSocketAddress().equals(this.knock)) {
					// our own knock: what was queued before it is taken; now stragglers
					// only
					socket.close();
					setSoTimeout(QUIET_MILLIS);
					continue;
				}
				return socket;
			}
			catch (SocketTimeoutException ex) {
				closeQuietly();
				throw new SocketException("listener closed: no connection was waiting");
			}
			catch (IOException ex) {
				if (isClosed()) {
					throw (ex instanceof SocketException) ? ex : new SocketException(ex.getMessage());
				}
				failed(ex);
			}
		}
	}

	private void failed(IOException ex) {
		AcceptError reason = AcceptError.of(String.valueOf(ex.getMessage()));
		this.metrics.acceptFailed(reason);
		if (this.failures++ == 0) {
			this.failingSince = System.nanoTime();
			log.warn("Accepting a connection failed ({}: {}); open connections are unaffected, retrying every {} ms",
					reason.tag(), ex.getMessage(), BACKOFF.toMillis());
		}
		LockSupport.parkNanos(BACKOFF.toNanos());
	}

	/**
	 * Makes the accept loop take what is queued and then close this socket. Where the
	 * knock cannot be made, it closes at once.
	 */
	void closeWhenQueueEmpty() {
		this.closing = true;
		InetAddress self = getInetAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : getInetAddress();
		try (Socket knock = new Socket()) {
			knock.bind(new InetSocketAddress(self, 0));
			this.knock = knock.getLocalSocketAddress();
			knock.connect(new InetSocketAddress(self, getLocalPort()), 1000);
		}
		catch (IOException ex) {
			log.debug("Could not knock on the listener ({}); closing it at once", ex.getMessage());
			closeQuietly();
		}
	}

	void closeQuietly() {
		try {
			close();
		}
		catch (IOException ex) {
			log.debug("Closing the listener failed: {}", ex.getMessage());
		}
	}

}
