package dev.sixteen.balancer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.sixteen.Peer;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Clients making exchanges through the balancer without pause, each on a thread of its
 * own, and the tally of what they got. Nothing is retried that could hide a lost
 * exchange:
 * <ul>
 * <li>A one-shot client connects, sends 16 octets, reads exactly 16 and closes; anything
 * else is a loss.
 * <li>A kept-alive client sends frame after frame on one connection. The server may close
 * it between frames (a drain does): the frame sent next then meets a close or a reset
 * before a single octet of reply, and is sent again on a new connection. That is a
 * resend, not a loss, but only on a connection that has already answered a frame: the
 * server never closes one before its first reply. Any other outcome is a loss: a close
 * before the first reply, a part of a reply, a wrong one, or none within
 * {@link #REPLY_TIMEOUT}.
 * <li>Every other kept-alive client runs half a frame ahead: it sends 8 octets when it
 * connects, then 16 at a time, the rest of one frame and the start of the next, so that
 * whenever it waits for a reply the server holds half of its next frame. A drain never
 * finds it between frames: it must let the frame finish, and close after its reply.
 * </ul>
 */
final class ExchangeLoad {

	/** How long a client waits for a reply before it counts the exchange lost. */
	static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final int LOSSES_KEPT = 30;

	private static final byte[] FIRST_HALF = Arrays.copyOfRange(Peer.HI, 0, 8);

	private static final byte[] SECOND_HALF = Arrays.copyOfRange(Peer.HI, 8, 16);

	/** The rest of one frame and the first half of the next. */
	private static final byte[] HALF_AHEAD = ", serverHi there".getBytes(StandardCharsets.US_ASCII);

	private final int port;

	private final Supplier<String> phase;

	private final long startedAt = System.nanoTime();

	private final List<Thread> threads = new ArrayList<>();

	private final LongAdder oneShot = new LongAdder();

	private final LongAdder keptAlive = new LongAdder();

	private final LongAdder resent = new LongAdder();

	private final AtomicLong lost = new AtomicLong();

	private final Queue<String> losses = new ConcurrentLinkedQueue<>();

	private volatile boolean running = true;

	private ExchangeLoad(int port, Supplier<String> phase) {
		this.port = port;
		this.phase = phase;
	}

	/**
	 * Starts the clients.
	 * @param port the balancer's port on 127.0.0.1
	 * @param oneShotClients how many one-shot clients
	 * @param keptAliveClients how many kept-alive clients
	 * @param phase what the test is doing now, for the description of a loss
	 * @return the running load
	 */
	static ExchangeLoad start(int port, int oneShotClients, int keptAliveClients, Supplier<String> phase) {
		ExchangeLoad load = new ExchangeLoad(port, phase);
		for (int i = 1; i <= oneShotClients; i++) {
			load.run("one-shot-" + i, load::oneShot);
		}
		for (int i = 1; i <= keptAliveClients; i++) {
			boolean ahead = i % 2 == 0;
			load.run((ahead ? "half-ahead-" : "kept-alive-") + i, () -> load.keepAlive(ahead));
		}
		return load;
	}

	private void run(String name, Runnable client) {
		Thread thread = new Thread(client, name);
		thread.setDaemon(true);
		thread.start();
		this.threads.add(thread);
	}

	private void oneShot() {
		while (this.running) {
			try (Socket socket = connect()) {
				Reply reply = exchange(socket, Peer.HI);
				if (reply.outcome() == Outcome.ANSWERED) {
					this.oneShot.increment();
				}
				else {
					lose("one-shot: " + reply.detail());
				}
			}
			catch (IOException ex) {
				lose("one-shot: connect failed: " + ex.getMessage());
			}
		}
	}

	private void keepAlive(boolean ahead) {
		String name = ahead ? "kept-alive, half a frame ahead" : "kept-alive";
		@Nullable Socket socket = null;
		int replies = 0;
		while (this.running) {
			if (socket == null) {
				socket = open(name, ahead);
				replies = 0;
				continue;
			}
			Reply reply = exchange(socket, ahead ? HALF_AHEAD : Peer.HI);
			if (reply.outcome() == Outcome.ANSWERED) {
				this.keptAlive.increment();
				replies++;
				continue;
			}
			closeQuietly(socket);
			socket = null;
			if (reply.outcome() == Outcome.NOTHING && replies > 0) {
				// closed between frames: the frame goes again on a new connection
				this.resent.increment();
			}
			else {
				lose(name + ", frame " + (replies + 1) + " of its connection: " + reply.detail());
			}
		}
		if (socket != null && ahead) {
			// the frame begun ahead is finished, so that the server sees none cut short
			Reply last = exchange(socket, SECOND_HALF);
			if (last.outcome() == Outcome.ANSWERED) {
				this.keptAlive.increment();
			}
			else {
				lose(name + ", its last frame: " + last.detail());
			}
		}
		closeQuietly(socket);
	}

	/**
	 * Connects a kept-alive client, which sends half a frame at once if it runs ahead.
	 */
	private @Nullable Socket open(String name, boolean ahead) {
		try {
			Socket socket = connect();
			try {
				socket.getOutputStream().write(ahead ? FIRST_HALF : new byte[0]);
				return socket;
			}
			catch (IOException ex) {
				socket.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			lose(name + ": connect failed: " + ex.getMessage());
			return null;
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout((int) REPLY_TIMEOUT.toMillis());
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port),
					(int) CONNECT_TIMEOUT.toMillis());
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private static Reply exchange(Socket socket, byte[] request) {
		byte[] reply = new byte[Peer.FAREWELL.length];
		int got = 0;
		try {
			socket.getOutputStream().write(request);
			InputStream in = socket.getInputStream();
			while (got < reply.length) {
				int n = in.read(reply, got, reply.length - got);
				if (n < 0) {
					return Reply.failed(got, "closed");
				}
				got += n;
			}
			return Arrays.equals(reply, Peer.FAREWELL) ? new Reply(Outcome.ANSWERED, got, "")
					: new Reply(Outcome.WRONG, got, "wrong reply " + new String(reply, StandardCharsets.ISO_8859_1));
		}
		catch (SocketTimeoutException ex) {
			return new Reply(Outcome.TIMEOUT, got, "no whole reply within " + REPLY_TIMEOUT.toSeconds() + "s");
		}
		catch (IOException ex) {
			return Reply.failed(got, ex.getMessage());
		}
	}

	private void lose(String what) {
		long count = this.lost.incrementAndGet();
		if (count <= LOSSES_KEPT) {
			this.losses
				.add("[%.1f s, %s] %s".formatted((System.nanoTime() - this.startedAt) / 1e9, this.phase.get(), what));
		}
	}

	/** Exchanges answered, one-shot and kept-alive. */
	long exchanges() {
		return this.oneShot.sum() + this.keptAlive.sum();
	}

	long lost() {
		return this.lost.get();
	}

	/** The first losses, each with when it happened and what the test was doing. */
	List<String> losses() {
		return List.copyOf(this.losses);
	}

	/** Frames a kept-alive client sent again after the server closed between frames. */
	long resent() {
		return this.resent.sum();
	}

	/**
	 * Stops the clients, each after its current exchange (and the frame it runs ahead
	 * with), and waits for them.
	 */
	void stop() {
		this.running = false;
		await("clients to finish their last exchange").atMost(REPLY_TIMEOUT.plus(CONNECT_TIMEOUT).plusSeconds(5))
			.until(() -> this.threads.stream().noneMatch(Thread::isAlive));
	}

	String totals() {
		return "exchanges %d (one-shot %d, kept-alive %d), kept-alive frames resent after a close between frames %d, lost %d"
			.formatted(exchanges(), this.oneShot.sum(), this.keptAlive.sum(), resent(), lost());
	}

	private static void closeQuietly(@Nullable Socket socket) {
		try {
			if (socket != null) {
				socket.close();
			}
		}
		catch (IOException ex) {
			// the socket is done with either way
		}
	}

	/** How an exchange ended, as the client saw it. */
	private enum Outcome {

		/** The whole reply, the right one. */
		ANSWERED,
		/** A close or a reset before a single octet of reply. */
		NOTHING,
		/** A close or a reset after part of the reply. */
		PARTIAL,
		/** Sixteen octets, the wrong ones. */
		WRONG,
		/** No whole reply in time. */
		TIMEOUT

	}

	private record Reply(Outcome outcome, int octets, String detail) {

		static Reply failed(int octets, @Nullable String why) {
			return new Reply((octets == 0) ? Outcome.NOTHING : Outcome.PARTIAL, octets,
					why + " after " + octets + " of 16 octets of reply");
		}

	}

}
