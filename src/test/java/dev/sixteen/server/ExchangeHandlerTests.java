package dev.sixteen.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Peer;
import dev.sixteen.handler.Exchange;
import dev.sixteen.handler.ExchangeHandler;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.MethodMode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's {@link ExchangeHandler} behind the listener, on real sockets: its
 * reply replaces the built-in one, requests and replies have lengths of their own, and
 * whatever the handler does (throws, answers nothing or the wrong length, takes too long)
 * the connection ends counted once, and the server serves the next client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.request-length=4", "sixteen.server.reply-length=8",
				"sixteen.server.close-after-reply=false", "sixteen.server.read-timeout=1s" })
@Import({ ManualClock.Config.class, ExchangeHandlerTests.Handler.class })
@ExtendWith(OutputCaptureExtension.class)
class ExchangeHandlerTests {

	@Autowired
	private SixteenServerFactory serverFactory;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ManualClock clock;

	@Autowired
	private ScriptedHandler handler;

	private Meters meters;

	/** Requests each test sends; each must end in a reply or a failure. */
	private int requests;

	private double endedBefore;

	@BeforeEach
	void setUp() {
		this.meters = new Meters(this.registry);
		this.handler.seen.clear();
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
	void repliesWithWhatTheHandlerReturnsAndTellsItTheExchange() {
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			assertThat(text(peer.send(ascii("echo")).read(8))).isEqualTo("echoECHO");
			assertThat(text(peer.send(ascii("more")).read(8))).isEqualTo("moreMORE");
			this.requests += 2;
			List<Exchange> seen = this.handler.seen;
			assertThat(seen).extracting(Exchange::number).containsExactly(1L, 2L);
			assertThat(seen).extracting(Exchange::client).containsOnly("127.0.0.1:" + peer.localPort());
			assertThat(seen).extracting(Exchange::local).containsOnly("127.0.0.1:" + this.serverFactory.getPort());
			assertThat(seen.get(0).connectionId()).isNotBlank().isEqualTo(seen.get(1).connectionId());
		}
	}

	@ParameterizedTest
	@CsvSource({ "boom, IllegalStateException: boom", "fail, IOException: fail", "oops, AssertionError: oops" })
	void aHandlerThatThrowsClosesTheConnectionCountedAndLoggedInOneLine(String request, String thrown,
			CapturedOutput output) throws Exception {
		double failed = this.meters.failed("handler_error");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii(request));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().until(() -> this.meters.failed("handler_error") == failed + 1);
		assertThat(output).contains("failed (handler_error): the handler failed: " + thrown);
		assertNextClientServed();
		this.requests += 2;
	}

	@Test
	@DirtiesContext(methodMode = MethodMode.BEFORE_METHOD)
	void aHandlerFailureShowsItsStackTraceOnceOnly(CapturedOutput output) throws Exception {
		for (int i = 0; i < 3; i++) {
			try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
				peer.send(ascii("boom"));
				assertThat(peer.readNext()).isEqualTo(-1);
			}
		}
		this.requests += 3;
		await().until(() -> output.toString().split("the handler failed: IllegalStateException", -1).length > 3);
		// a context of its own, whose first failure this is
		assertThat(output.toString().split("at dev.sixteen.server.ExchangeHandlerTests\\$ScriptedHandler", -1))
			.hasSize(2);
	}

	@Test
	void aHandlerThatReturnsNothingGetsNoReplySent(CapturedOutput output) throws Exception {
		double failed = this.meters.failed("handler_reply");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("null"));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().until(() -> this.meters.failed("handler_reply") == failed + 1);
		assertThat(output).contains("failed (handler_reply): the handler returned no reply");
		this.requests++;
	}

	@Test
	void aReplyOfAnotherLengthIsNotSent(CapturedOutput output) throws Exception {
		double failed = this.meters.failed("handler_reply");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("long"));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		await().until(() -> this.meters.failed("handler_reply") == failed + 1);
		assertThat(output)
			.contains("failed (handler_reply): the handler returned 9 octets, not 8 (sixteen.server.reply-length)");
		this.requests++;
	}

	@Test
	void aHandlerSlowerThanTheDeadlineLosesItsConnectionAndItsLateReplyIsDropped(CapturedOutput output)
			throws Exception {
		double timeouts = this.meters.failed("timeout");
		double replies = this.meters.replies();
		this.handler.slow = new CountDownLatch(1);
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("slow"));
			await().until(() -> this.registry.get("sixteen.handler.active").gauge().value() == 1);
			this.clock.advance(Duration.ofSeconds(2));
			await().until(() -> this.meters.failed("timeout") == timeouts + 1);
			assertThat(peer.readNext()).isEqualTo(-1);
			assertThat(this.registry.get("sixteen.handler.active").gauge().value())
				.as("the call still in flight after its connection closed")
				.isEqualTo(1);
			this.handler.slow.countDown();
			await().until(() -> this.handler.returned == 1);
		}
		await().until(() -> this.registry.get("sixteen.handler.active").gauge().value() == 0);
		assertThat(this.meters.replies()).isEqualTo(replies);
		assertThat(output).doesNotContain("Connection not found");
		assertNextClientServed();
		this.requests += 2;
	}

	private void assertNextClientServed() {
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			assertThat(peer.send(ascii("next")).read(8)).isEqualTo(ascii("nextNEXT"));
		}
	}

	@Test
	void theExchangeDurationIncludesTheHandlersTime() {
		Timer duration = this.registry.get("sixteen.exchange.duration").timer();
		long before = duration.count();
		double totalBefore = duration.totalTime(TimeUnit.MILLISECONDS);
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			assertThat(text(peer.send(ascii("tick")).read(8))).isEqualTo("tickTICK");
		}
		this.requests++;
		await().until(() -> duration.count() == before + 1);
		// the handler turned the clock 300 ms while it worked
		assertThat(duration.totalTime(TimeUnit.MILLISECONDS) - totalBefore).isGreaterThanOrEqualTo(300);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String text(byte[] octets) {
		return new String(octets, StandardCharsets.US_ASCII);
	}

	/**
	 * Answers by the request: {@code boom}, {@code fail} and {@code oops} throw (an
	 * unchecked exception, a checked one, an error), {@code null} returns nothing,
	 * {@code long} returns 9 octets, {@code slow} waits for the test, {@code tick} turns
	 * the clock 300 ms; any other request comes back followed by itself in capitals.
	 */
	static final class ScriptedHandler implements ExchangeHandler {

		final List<Exchange> seen = new CopyOnWriteArrayList<>();

		volatile CountDownLatch slow = new CountDownLatch(0);

		volatile int returned;

		@Autowired
		@Nullable ManualClock clock;

		@Override
		public byte[] reply(byte[] request, Exchange exchange) throws InterruptedException, IOException {
			this.seen.add(exchange);
			String text = text(request);
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
				case "tick" -> {
					Objects.requireNonNull(this.clock).advance(Duration.ofMillis(300));
					return ascii("tickTICK");
				}
				case "slow" -> {
					this.slow.await(30, TimeUnit.SECONDS);
					this.returned++;
					return ascii("too late");
				}
				default -> {
					return ascii(text + text.toUpperCase());
				}
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Handler {

		@Bean
		ScriptedHandler scriptedHandler() {
			return new ScriptedHandler();
		}

	}

}
