package dev.sixteen.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A server of the exchange small enough to trust, for tests: on 127.0.0.1, a thread per
 * connection, reads 16 octets at a time and answers each with a fixed reply until the
 * client closes. Counts connections, replies and the exchanges each connection made.
 */
final class TinyServer implements AutoCloseable {

	private final ServerSocket listener;

	private final byte @Nullable [] reply;

	private final boolean closeAfterReply;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "tiny-server");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicLong replies = new AtomicLong();

	private final Queue<Integer> served = new ConcurrentLinkedQueue<>();

	private TinyServer(@Nullable String reply, boolean closeAfterReply) throws IOException {
		this.reply = (reply != null) ? reply.getBytes(StandardCharsets.UTF_8) : null;
		this.closeAfterReply = closeAfterReply;
		this.listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	/**
	 * Answers every frame with the reply and keeps the connection until the client
	 * closes.
	 */
	static TinyServer replying(String reply) throws IOException {
		return new TinyServer(reply, false);
	}

	/** Answers the first frame with the reply, then closes. */
	static TinyServer replyingOnceAndClosing(String reply) throws IOException {
		return new TinyServer(reply, true);
	}

	/** Reads frames and never answers. */
	static TinyServer silent() throws IOException {
		return new TinyServer(null, false);
	}

	int port() {
		return this.listener.getLocalPort();
	}

	int accepted() {
		return this.accepted.get();
	}

	long replies() {
		return this.replies.get();
	}

	/**
	 * Returns, for each connection that has ended, how many replies it got.
	 * @return one count per ended connection
	 */
	List<Integer> served() {
		return List.copyOf(this.served);
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket socket = this.listener.accept();
				this.accepted.incrementAndGet();
				this.open.add(socket);
				this.threads.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				// closed by close(): the loop ends
			}
		}
	}

	private void serve(Socket socket) {
		int exchanges = 0;
		try (socket) {
			InputStream in = socket.getInputStream();
			byte[] frame = new byte[16];
			while (in.readNBytes(frame, 0, frame.length) == frame.length) {
				if (this.reply != null) {
					socket.getOutputStream().write(this.reply);
					exchanges++;
					this.replies.incrementAndGet();
					if (this.closeAfterReply) {
						break;
					}
				}
			}
		}
		catch (IOException ex) {
			// a reset by the client ends the connection as a close does
		}
		this.open.remove(socket);
		this.served.add(exchanges);
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket socket : this.open) {
			socket.close();
		}
		this.threads.shutdownNow();
	}

}
