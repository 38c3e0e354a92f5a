package dev.sixteen.balancer;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.sixteen.Peer;

import static org.awaitility.Awaitility.await;

/**
 * A kept-alive connection through the balancer to one instance that holds half a frame
 * across the instance's drain: it makes an exchange, sends 8 octets of the next frame
 * before the instance is stopped, and the other 8 once the instance has stopped
 * accepting, when the drain closes every connection it finds between frames. It must
 * still get its reply: HAProxy keeps a session to a server it has marked DOWN, and the
 * server closes kept-alive connections only between frames.
 */
final class HeldFrame implements AutoCloseable {

	private static final Duration FINDING = Duration.ofSeconds(20);

	private final Peer peer;

	private final int answered;

	private HeldFrame(Peer peer, int answered) {
		this.peer = peer;
		this.answered = answered;
	}

	/**
	 * Connects through HAProxy until a connection lands on the instance (round robin
	 * sends every other one elsewhere), makes an exchange on it and sends half a frame.
	 * @param haproxy the balancer
	 * @param server the instance's name
	 * @return the connection, holding half a frame
	 */
	static HeldFrame open(Haproxy haproxy, String server) {
		AtomicReference<HeldFrame> held = new AtomicReference<>();
		AtomicInteger answered = new AtomicInteger();
		await("a connection through HAProxy to " + server).atMost(FINDING)
			.until(() -> tryOnce(haproxy, server, answered, held));
		return held.get();
	}

	private static boolean tryOnce(Haproxy haproxy, String server, AtomicInteger answered,
			AtomicReference<HeldFrame> held) {
		Peer peer = Peer.connect(haproxy.port());
		try {
			byte[] reply = peer.send(Peer.HI).read(16);
			if (!Arrays.equals(reply, Peer.FAREWELL)) {
				throw new AssertionError("the first frame of a connection got " + reply.length + " octets of reply");
			}
			answered.incrementAndGet();
			Optional<String> landed = haproxy.serverOf(peer.localPort());
			if (landed.isPresent() && landed.get().equals(server)) {
				held.set(new HeldFrame(peer.send(Arrays.copyOfRange(Peer.HI, 0, 8)), answered.get()));
				return true;
			}
		}
		catch (RuntimeException | AssertionError ex) {
			peer.close();
			throw ex;
		}
		peer.close();
		return false;
	}

	/**
	 * Sends the rest of the frame and reads the reply.
	 * @return how it ended: {@code answered}, or what went wrong
	 */
	String finish() {
		try {
			byte[] reply = this.peer.send(Arrays.copyOfRange(Peer.HI, 8, 16)).read(16);
			return Arrays.equals(reply, Peer.FAREWELL) ? "answered" : "closed after " + reply.length + " octets";
		}
		catch (UncheckedIOException ex) {
			return ex.getCause().getMessage();
		}
	}

	/** Exchanges answered to find the instance, the held frame's not included. */
	int answered() {
		return this.answered;
	}

	@Override
	public void close() {
		this.peer.close();
	}

}
