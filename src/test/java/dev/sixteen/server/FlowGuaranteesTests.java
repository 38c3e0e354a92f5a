package dev.sixteen.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Peer;
import dev.sixteen.handler.ExchangeHandler;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.dsl.IntegrationFlow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's flow on {@value ExchangeHandler#REQUEST_CHANNEL}, on real sockets,
 * keeps the guarantees a handler does: whatever it does (throws, answers the wrong
 * length, answers nothing, takes too long) the connection ends counted once under a
 * reason that says which, and the server serves the next client. A flow that answers
 * nothing is told from a slow one only at the deadline, so both are counted as
 * {@code timeout}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.request-length=4", "sixteen.server.reply-length=8",
				"sixteen.server.read-timeout=3s" })
@Import({ ManualClock.Config.class, FlowGuaranteesTests.Flow.class })
@ExtendWith(OutputCaptureExtension.class)
class FlowGuaranteesTests {

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ManualClock clock;

	private Meters meters;

	/** Requests each test sends; each must end in a reply or a failure. */
	private int requests;

	private double endedBefore;

	@BeforeEach
	void setUp() {
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

	@Test
	void repliesWithTheFlowsResult() {
		assertNextClientServed();
	}

	@Test
	void aFlowThatThrowsClosesTheConnectionCountedAndLoggedInOneLine(CapturedOutput output) throws Exception {
		double failed = this.meters.failed("handler_error");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("boom"));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().until(() -> this.meters.failed("handler_error") == failed + 1);
		assertThat(output).contains("failed (handler_error): the handler failed: IllegalStateException: boom");
		this.requests++;
		assertNextClientServed();
	}

	@Test
	void aResultOfAnotherLengthIsNotSent(CapturedOutput output) throws Exception {
		double failed = this.meters.failed("handler_reply");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("long"));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().until(() -> this.meters.failed("handler_reply") == failed + 1);
		assertThat(output)
			.contains("failed (handler_reply): the handler returned 9 octets, not 8 (sixteen.server.reply-length)");
		this.requests++;
		assertNextClientServed();
	}

	@Test
	void aFlowThatAnswersNothingIsClosedAtTheDeadline() throws Exception {
		double timeouts = this.meters.failed("timeout");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("null"));
			await().until(() -> this.registry.get("sixteen.handler.active").gauge().value() == 1);
			this.clock.advance(Duration.ofSeconds(4));
			await().until(() -> this.meters.failed("timeout") == timeouts + 1);
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		// the gateway gives up its wait for the result (read-timeout and two ticks, in
		// real
		// time) and the call's thread returns
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.get("sixteen.handler.active").gauge().value() == 0);
		this.requests++;
		assertNextClientServed();
	}

	@Test
	void aFlowSlowerThanTheDeadlineLosesItsConnectionAndItsLateResultIsDropped(CapturedOutput output) throws Exception {
		double timeouts = this.meters.failed("timeout");
		double replies = this.meters.replies();
		Flow.slow = new CountDownLatch(1);
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("slow"));
			await().until(() -> this.registry.get("sixteen.handler.active").gauge().value() == 1);
			this.clock.advance(Duration.ofSeconds(4));
			await().until(() -> this.meters.failed("timeout") == timeouts + 1);
			assertThat(peer.readNext()).isEqualTo(-1);
			assertThat(this.registry.get("sixteen.handler.active").gauge().value()).isEqualTo(1);
			Flow.slow.countDown();
		}
		await().until(() -> this.registry.get("sixteen.handler.active").gauge().value() == 0);
		assertThat(this.meters.replies()).isEqualTo(replies);
		assertThat(output).doesNotContain("Connection not found");
		this.requests++;
		assertNextClientServed();
	}

	private void assertNextClientServed() {
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			assertThat(peer.send(ascii("next")).read(8)).isEqualTo(ascii("nextNEXT"));
		}
		this.requests++;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * A flow that answers by the request: {@code boom} throws, {@code long} gives 9
	 * octets, {@code null} gives nothing, {@code slow} waits for the test; any other
	 * request comes back followed by itself in capitals.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Flow {

		static volatile CountDownLatch slow = new CountDownLatch(0);

		@Bean
		IntegrationFlow scripted() {
			return IntegrationFlow.from(ExchangeHandler.REQUEST_CHANNEL)
				.handle(byte[].class, (request, headers) -> answer(new String(request, StandardCharsets.US_ASCII)))
				.get();
		}

		private static byte @Nullable [] answer(String request) {
			switch (request) {
				case "boom" -> throw new IllegalStateException("boom");
				case "long" -> {
					return ascii("123456789");
				}
				case "null" -> {
					return null;
				}
				case "slow" -> {
					try {
						slow.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return ascii("too late");
				}
				default -> {
					return ascii(request + request.toUpperCase());
				}
			}
		}

	}

}
