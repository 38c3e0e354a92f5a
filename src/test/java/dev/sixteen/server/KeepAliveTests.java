package dev.sixteen.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.sixteen.Background;
import dev.sixteen.Peer;
import dev.sixteen.server.connection.ConnectionKit;
import dev.sixteen.server.connection.ExchangeConnection;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.close-after-reply=false",
				"sixteen.server.read-timeout=1s", "logging.level.sixteen.exchanges=debug" })
@Import(ManualClock.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class KeepAliveTests {

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private ConnectionKit kit;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ManualClock clock;

	private Meters meters;

	@BeforeEach
	void setUp() {
		this.meters = new Meters(this.registry);
		this.meters.awaitQuiet();
	}

	@Test
	void servesOneHundredExchangesOnOneConnection() {
		double accepted = this.meters.accepted();
		double replies = this.meters.replies();
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			for (int i = 0; i < 100; i++) {
				assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			}
		}
		// a reply is counted once written, so the peer may read it a moment before
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.meters.replies()).isEqualTo(replies + 100));
		assertThat(this.meters.accepted()).isEqualTo(accepted + 1);
	}

	@Test
	void keepsTheDeadlineFromThePreviousReplyNotFromTheAccept() throws IOException {
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			// 0.7 s after each reply, 1.4 s after the accept: past a deadline counted
			// from
			// the accept, within one counted from the previous reply
			this.clock.advance(Duration.ofMillis(700));
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			this.clock.advance(Duration.ofMillis(700));
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			this.clock.advance(Duration.ofMillis(1100));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
	}

	@Test
	void closesAConnectionIdleBetweenFramesWithoutCountingAFailure(CapturedOutput output) throws IOException {
		double failed = this.meters.failedForAnyReason();
		String peerAddress;
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peerAddress = "127.0.0.1:" + peer.localPort();
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			this.clock.advance(Duration.ofMillis(1100));
			// the server closes the idle connection, which got its reply
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		// the connection's last word: after it, nothing more is counted for it
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains(peerAddress + " closed in idle (deadline)"));
		assertThat(this.meters.failedForAnyReason()).isEqualTo(failed);
	}

	@Test
	void dropsAPeerThatNeverReadsItsRepliesAtTheDeadlineOfTheReplyItCannotWrite(CapturedOutput output)
			throws Exception {
		double timeouts = this.meters.failed("timeout");
		AtomicLong written = new AtomicLong();
		try (Socket socket = new Socket()) {
			// a small receive window, so that the server's replies back up quickly
			socket.setReceiveBufferSize(4096);
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.serverFactory.getPort()));
			OutputStream out = socket.getOutputStream();
			CompletableFuture<Void> writer = Background.run(() -> pipeline(out, written));
			// the server has stopped answering: it waits to write a reply nobody reads
			// (no
			// reply counted between two polls, and the connection still in REPLYING; a
			// connection not yet served also counts no reply, but is not in REPLYING)
			Unchanging replies = new Unchanging(() -> (long) this.meters.replies());
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> replies.call() && this.kit.connections()
					.anyMatch((connection) -> connection.state() == ExchangeConnection.State.REPLYING));
			this.clock.advance(Duration.ofMillis(1100));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.failed("timeout") == timeouts + 1);
			assertThat(output.getOut()).contains("reply not written within 1000 ms");
			socket.close();
			writer.handle((done, failure) -> null).get();
		}
		assertThat(written.get()).isPositive();
	}

	@Test
	void answersFramesPipelinedInOneWrite() {
		byte[] three = new byte[48];
		for (int i = 0; i < 3; i++) {
			System.arraycopy(Peer.HI, 0, three, 16 * i, 16);
		}
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			byte[] replies = peer.send(three).read(48);
			assertThat(replies).hasSize(48);
			for (int i = 0; i < 3; i++) {
				assertThat(Arrays.copyOfRange(replies, 16 * i, 16 * i + 16)).isEqualTo(Peer.FAREWELL);
			}
		}
	}

	/** Sends frames, never reading, until the connection fails or 64 MiB are out. */
	private static void pipeline(OutputStream out, AtomicLong written) {
		byte[] frames = new byte[16 * 1024];
		for (int i = 0; i < frames.length; i += 16) {
			System.arraycopy(Peer.HI, 0, frames, i, 16);
		}
		try {
			while (written.get() < 64L * 1024 * 1024) {
				out.write(frames);
				written.addAndGet(frames.length);
			}
		}
		catch (IOException ex) {
			// closed by the server, or by the test
		}
	}

	/** True once a reading has not changed since the previous poll. */
	private static final class Unchanging implements Callable<Boolean> {

		private final LongSupplier reading;

		private long last = -1;

		Unchanging(LongSupplier reading) {
			this.reading = reading;
		}

		@Override
		public Boolean call() {
			long now = this.reading.getAsLong();
			boolean unchanged = now == this.last;
			this.last = now;
			return unchanged;
		}

	}

}
