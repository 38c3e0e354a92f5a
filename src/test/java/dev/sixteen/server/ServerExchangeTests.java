package dev.sixteen.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Peer;
import dev.sixteen.client.SixteenClient;
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

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sixteen.server.port=0", "sixteen.server.host=127.0.0.1", "sixteen.server.read-timeout=1s" })
@Import(ManualClock.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class ServerExchangeTests {

	@Autowired
	private ManualClock clock;

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private MeterRegistry registry;

	private Meters meters;

	private int port;

	@BeforeEach
	void setUp() {
		this.meters = new Meters(this.registry);
		this.port = this.serverFactory.getPort();
		this.meters.awaitQuiet();
	}

	@Test
	void answersTheProjectsClient() {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = SixteenClient.run(List.of("--sixteen.client.port=" + this.port), new PrintWriter(out),
				new PrintWriter(err));
		assertThat(exitCode).isZero();
		assertThat(out.toString()).contains("Socket name: 127.0.0.1:").contains("The server said b'Farewell, client'");
		assertThat(err.toString()).isEmpty();
	}

	@Test
	void answersAFrameSentOneOctetAtATime() {
		try (Peer peer = Peer.connect(this.port)) {
			for (byte octet : Peer.HI) {
				peer.send(new byte[] { octet });
			}
			assertThat(peer.read(16)).isEqualTo(Peer.FAREWELL);
		}
	}

	@Test
	void closesCleanlyAfterTheReply() throws IOException {
		try (Peer peer = Peer.connect(this.port)) {
			assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			assertThat(peer.readNext()).isEqualTo(-1);
		}
	}

	@Test
	void givesAPeerThatSentThirtyTwoOctetsTheWholeReply() throws IOException {
		byte[] twoFrames = new byte[32];
		System.arraycopy(Peer.HI, 0, twoFrames, 0, 16);
		System.arraycopy(Peer.HI, 0, twoFrames, 16, 16);
		try (Peer peer = Peer.connect(this.port)) {
			// one write, so that the second frame is unread when the reply goes
			peer.send(twoFrames);
			assertThat(peer.read(16)).isEqualTo(Peer.FAREWELL);
			assertThat(peer.readNext()).isEqualTo(-1);
		}
	}

	@Test
	void countsAndLogsAShortReadAndServesTheNextClient(CapturedOutput output) throws IOException {
		double shortReads = this.meters.failed("short_read");
		String peerAddress;
		try (Peer peer = Peer.connect(this.port)) {
			peerAddress = "127.0.0.1:" + peer.localPort();
			peer.send("Hi th".getBytes()).shutdownOutput();
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.failed("short_read") == shortReads + 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut()
				.contains(peerAddress + " -> 127.0.0.1:" + this.port + " failed (short_read):"
						+ " was expecting 16 bytes but only received 5 bytes before the socket closed"));
		assertThat(Peer.exchange(this.port)).isEqualTo(Peer.FAREWELL);
	}

	@Test
	void countsAPeerThatClosesWithoutAWordAsEmpty() {
		double empty = this.meters.failed("empty");
		double failed = this.meters.failedForAnyReason();
		Peer.connect(this.port).close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.failed("empty") == empty + 1);
		assertThat(this.meters.failedForAnyReason()).isEqualTo(failed + 1);
	}

	@Test
	void dropsAnIdlePeerAtTheReadTimeoutAndCountsIt() throws IOException {
		double timeouts = this.meters.failed("timeout");
		try (Peer peer = Peer.connect(this.port)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.open() == 1);
			this.clock.advance(Duration.ofMillis(1100));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.failed("timeout") == timeouts + 1);
	}

	@Test
	void dropsAPeerTricklingSlowerThanTheFrameDeadline() throws IOException {
		double timeouts = this.meters.failed("timeout");
		try (Peer peer = Peer.connect(this.port)) {
			// accepted, so its deadline is set
			await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.open() == 1);
			// an octet every 200 ms: no read waits long, but the frame misses its 1 s
			// deadline
			for (int i = 0; i < 5; i++) {
				peer.send(new byte[] { Peer.HI[i] });
				this.clock.advance(Duration.ofMillis(200));
			}
			this.clock.advance(Duration.ofMillis(100));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.failed("timeout") == timeouts + 1);
	}

	@Test
	void answersTwoHundredConcurrentClients() throws Exception {
		double replies = this.meters.replies();
		ExecutorService clients = Executors.newFixedThreadPool(200);
		try {
			List<Future<byte[]>> answers = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				answers.add(clients.submit(() -> Peer.exchange(this.port)));
			}
			for (Future<byte[]> answer : answers) {
				assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(Peer.FAREWELL);
			}
		}
		finally {
			clients.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.meters.replies()).isEqualTo(replies + 200));
	}

	@Test
	void logsEachExchangeByItsFourTuple(CapturedOutput output) {
		try (Peer peer = Peer.connect(this.port)) {
			peer.send(Peer.HI).read(16);
			String peerAddress = "127.0.0.1:" + peer.localPort();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> output.getOut()
					.contains("accepted from " + peerAddress + ", socket name 127.0.0.1:" + this.port + ", socket peer "
							+ peerAddress + ", incoming b'Hi there, server', reply sent, socket closed"));
		}
	}

	@Test
	void logsBinaryInputEscapedOnOneLine(CapturedOutput output) {
		byte[] hostile = "\r\nERROR forged\u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		try (Peer peer = Peer.connect(this.port)) {
			assertThat(peer.send(hostile).read(16)).isEqualTo(Peer.FAREWELL);
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("incoming b'\\r\\nERROR forged\\x00\\xff', reply sent"));
	}

}
