package dev.sixteen.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Peer;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an application's reply keeps whatever it does, on real sockets, for each way of
 * plugging it in ({@link ExchangeHandlerTests}, {@link FlowGuaranteesTests}): one that
 * throws, answers the wrong length or is slower than the deadline gets no reply sent, its
 * connection ends counted once under a reason that says which, the server serves the next
 * client, and the books balance after every test. The server answers by {@link Script},
 * with requests of 4 octets and replies of 8, on the hand-turned clock.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class ReplyGuarantees {

	@Autowired
	protected SixteenServerFactory serverFactory;

	@Autowired
	protected MeterRegistry registry;

	@Autowired
	protected ManualClock clock;

	protected Meters meters;

	/** Requests each test sends; each must end in a reply or a failure. */
	protected int requests;

	private double endedBefore;

	@BeforeEach
	void countWhatEndedBefore() {
		this.meters = new Meters(this.registry);
		this.meters.awaitQuiet();
		this.endedBefore = this.meters.replies() + this.meters.failedForAnyReason();
	}

	@AfterEach
	void booksBalance() {
		this.meters.awaitQuiet();
		assertThat(this.meters.replies() + this.meters.failedForAnyReason() - this.endedBefore)
			.isEqualTo(this.requests);
	}

	@ParameterizedTest
	@CsvSource({ "boom, IllegalStateException: boom", "fail, IOException: fail", "oops, AssertionError: oops" })
	void aReplyThatThrowsClosesTheConnectionCountedAndLoggedInOneLine(String request, String thrown,
			CapturedOutput output) throws Exception {
		double failed = this.meters.failed("handler_error");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii(request));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		this.requests++;
		await().until(() -> this.meters.failed("handler_error") == failed + 1);
		assertThat(output).contains("failed (handler_error): the handler failed: " + thrown);
		assertNextClientServed();
	}

	@Test
	void aReplyOfAnotherLengthIsNotSent(CapturedOutput output) throws Exception {
		double failed = this.meters.failed("handler_reply");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("long"));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		this.requests++;
		await().until(() -> this.meters.failed("handler_reply") == failed + 1);
		assertThat(output)
			.contains("failed (handler_reply): the handler returned 9 octets, not 8 (sixteen.server.reply-length)");
		assertNextClientServed();
	}

	@Test
	void aReplySlowerThanTheDeadlineLosesItsConnectionAndItsLateReplyIsDropped(CapturedOutput output) throws Exception {
		double timeouts = this.meters.failed("timeout");
		double replies = this.meters.replies();
		Script.slow = new CountDownLatch(1);
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("slow"));
			await().until(() -> handlerCallsInFlight() == 1);
			this.clock.advance(Duration.ofSeconds(4));
			await().until(() -> this.meters.failed("timeout") == timeouts + 1);
			assertThat(peer.readNext()).isEqualTo(-1);
			assertThat(handlerCallsInFlight()).as("the call still in flight after its connection closed").isEqualTo(1);
			Script.slow.countDown();
		}
		this.requests++;
		await().until(() -> handlerCallsInFlight() == 0);
		assertThat(this.meters.replies()).isEqualTo(replies);
		assertThat(output).doesNotContain("Connection not found");
		assertNextClientServed();
	}

	protected double handlerCallsInFlight() {
		return this.registry.get("sixteen.handler.active").gauge().value();
	}

	protected void assertNextClientServed() {
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			assertThat(peer.send(ascii("next")).read(8)).isEqualTo(ascii("nextNEXT"));
		}
		this.requests++;
	}

	protected static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The reply by the request, as the tests' handler and flow give it: {@code boom},
	 * {@code fail} and {@code oops} throw (an unchecked exception, a checked one, an
	 * error), {@code null} returns nothing, {@code long} returns 9 octets, {@code slow}
	 * waits for the test; any other request comes back followed by itself in capitals.
	 */
	static final class Script {

		static volatile CountDownLatch slow = new CountDownLatch(0);

		private Script() {
		}

		static byte @Nullable [] answer(byte[] request) throws IOException, InterruptedException {
			String text = new String(request, StandardCharsets.US_ASCII);
			switch (text) {
				case "boom" -> throw new IllegalStateException("boom");
				case "fail" -> throw new IOException("fail");
				case "oops" -> throw new AssertionError("oops");
				case "null" -> {
					return null;
				}
				case "long" -> {
					return ascii("123456789");
				}
				case "slow" -> {
					slow.await(30, TimeUnit.SECONDS);
					return ascii("too late");
				}
				default -> {
					return ascii(text + text.toUpperCase());
				}
			}
		}

	}

}
