package dev.sixteen.server;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.sixteen.Peer;
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
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.host=127.0.0.1", "sixteen.server.read-timeout=5s" })
@Import(ManualClock.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class HostilePeersTests {

	private static final int IDLE_PEERS = 2000;

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ManualClock clock;

	private Meters meters;

	private int port;

	@BeforeEach
	void setUp() {
		this.meters = new Meters(this.registry);
		this.port = this.serverFactory.getPort();
	}

	@Test
	void twoThousandIdlePeersNeitherStallOthersNorLeak() throws IOException {
		this.meters.awaitQuiet(Duration.ofSeconds(30));
		int threads = threadCount();
		long fds = openFileDescriptors();
		double timeouts = this.meters.failed("timeout");
		List<Socket> idle = new ArrayList<>();
		try {
			for (int i = 0; i < IDLE_PEERS; i++) {
				idle.add(new Socket(InetAddress.getLoopbackAddress(), this.port));
			}
			for (int i = 0; i < 50; i++) {
				assertThat(Peer.exchange(this.port)).isEqualTo(Peer.FAREWELL);
			}
			// answered while every idle peer still held its connection
			assertThat(this.meters.open()).isGreaterThanOrEqualTo(IDLE_PEERS);
			this.clock.advance(Duration.ofSeconds(6));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(this.meters.failed("timeout")).isEqualTo(timeouts + IDLE_PEERS));
		}
		finally {
			for (Socket socket : idle) {
				socket.close();
			}
		}
		this.meters.awaitQuiet();
		// pooled connection threads end 10 s after their last use
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(threadCount()).isLessThanOrEqualTo(threads + 2);
			assertThat(openFileDescriptors()).isLessThanOrEqualTo(fds + 2);
		});
	}

	@Test
	void countsAPeerThatResetsMidFrameAndServesTheNext() throws IOException {
		double resets = this.meters.failed("reset");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.getOutputStream().write("Hi th".getBytes());
			socket.setSoLinger(true, 0);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.failed("reset") == resets + 1);
		assertThat(Peer.exchange(this.port)).isEqualTo(Peer.FAREWELL);
	}

	@Test
	void answersAHalfClosedPeer() throws IOException {
		try (Peer peer = Peer.connect(this.port)) {
			peer.send(Peer.HI).shutdownOutput();
			assertThat(peer.read(16)).isEqualTo(Peer.FAREWELL);
			assertThat(peer.readNext()).isEqualTo(-1);
		}
	}

	@Test
	void lingersForAPeerThatSentMoreThanItsFrameSoItsReplyEndsInAFinNotAReset() {
		byte[] frameAndMore = new byte[16 + 8 * 1024];
		System.arraycopy(Peer.HI, 0, frameAndMore, 0, 16);
		try (Peer peer = Peer.connect(this.port)) {
			// one write: the extra octets are unread when the reply goes, so the server
			// must linger
			peer.send(frameAndMore);
			assertThat(peer.read(16)).isEqualTo(Peer.FAREWELL);
			assertThatCode(() -> peer.send(new byte[8 * 1024])).doesNotThrowAnyException();
			assertThat(closedCleanly(peer)).isTrue();
		}
	}

	@Test
	void answersFramesHoldingEveryOctetValue(CapturedOutput output) {
		for (int frame = 0; frame < 16; frame++) {
			byte[] octets = new byte[16];
			for (int i = 0; i < 16; i++) {
				octets[i] = (byte) (frame * 16 + i);
			}
			try (Peer peer = Peer.connect(this.port)) {
				assertThat(peer.send(octets).read(16)).isEqualTo(Peer.FAREWELL);
			}
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut()
				.contains("incoming b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f'")
					&& output.getOut().contains("incoming b'\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa"));
	}

	private static boolean closedCleanly(Peer peer) {
		try {
			return peer.readNext() == -1;
		}
		catch (SocketException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int threadCount() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private static long openFileDescriptors() {
		return Objects.requireNonNull(new File("/proc/self/fd").list()).length;
	}

}
