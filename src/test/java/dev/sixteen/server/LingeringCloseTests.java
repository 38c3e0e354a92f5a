package dev.sixteen.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.sixteen.Background;
import dev.sixteen.Peer;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close after the reply: at once for a peer that sent exactly its frame; for one that
 * sent more, a half-close and a bounded read of what it still sends (nginx's lingering
 * close), so that the unread octets cannot turn the close into a reset.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.host=127.0.0.1", "sixteen.server.read-timeout=60s",
				"logging.level.sixteen.exchanges=warn" })
@Import(ManualClock.Config.class)
class LingeringCloseTests {

	private static final int LIMIT = 64 * 1024;

	@Autowired
	private SixteenServerFactory serverFactory;

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
	void closesAtOnceAPeerThatSentExactlyItsFrame() throws IOException {
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			assertThat(peer.readNext()).isEqualTo(-1);
			// time stands still, so no lingering deadline can have passed: the server
			// closed without waiting for the peer, which still holds its socket
			this.meters.awaitQuiet();
		}
	}

	@Test
	void stopsLingeringTwoSecondsAfterTheReply() throws IOException {
		byte[] frameAndMore = new byte[16 + 8 * 1024];
		System.arraycopy(Peer.HI, 0, frameAndMore, 0, 16);
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(frameAndMore);
			assertThat(peer.read(16)).isEqualTo(Peer.FAREWELL);
			assertThat(peer.readNext()).isEqualTo(-1);
			// half-closed, the server waits for the peer to close
			assertThat(this.meters.open()).isOne();
			this.clock.advance(Duration.ofMillis(2100));
			// well within read-timeout (60 s): the two-second limit closed it
			this.meters.awaitQuiet();
		}
	}

	@Test
	void dropsAtMostSixtyFourKibibytesAfterTheFrameThenCloses() throws Exception {
		double received = this.meters.received();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.serverFactory.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			byte[] frameAndMore = new byte[16 + 1024];
			System.arraycopy(Peer.HI, 0, frameAndMore, 0, 16);
			// one write, so that octets past the frame are unread when the reply goes;
			// then a peer that keeps sending, far past the limit
			out.write(frameAndMore);
			CompletableFuture<Void> flood = Background.run(() -> flood(out, 16 * LIMIT));
			assertThat(socket.getInputStream().readNBytes(16)).isEqualTo(Peer.FAREWELL);
			this.meters.awaitQuiet();
			flood.get();
		}
		double dropped = this.meters.received() - received - 16;
		assertThat(dropped).as("octets dropped").isGreaterThanOrEqualTo(LIMIT).isLessThan(LIMIT + 4096);
	}

	private static void flood(OutputStream out, int octets) {
		byte[] chunk = new byte[1024];
		try {
			for (int sent = 0; sent < octets; sent += chunk.length) {
				out.write(chunk);
			}
		}
		catch (IOException ex) {
			// the server closed, as it should once it has dropped its limit
		}
	}

}
