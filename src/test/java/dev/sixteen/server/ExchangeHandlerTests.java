package dev.sixteen.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Peer;
import dev.sixteen.handler.Exchange;
import dev.sixteen.handler.ExchangeHandler;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.MethodMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's {@link ExchangeHandler} behind the listener, on real sockets: its
 * reply replaces the built-in one, requests and replies have lengths of their own, it
 * learns each exchange's facts, and it keeps the guarantees of {@link ReplyGuarantees};
 * one that returns nothing gets no reply sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.request-length=4", "sixteen.server.reply-length=8",
				"sixteen.server.close-after-reply=false", "sixteen.server.read-timeout=1s" })
@Import({ ManualClock.Config.class, ExchangeHandlerTests.Handler.class })
class ExchangeHandlerTests extends ReplyGuarantees {

	@Autowired
	private ScriptedHandler handler;

	@BeforeEach
	void forgetWhatTheHandlerSaw() {
		this.handler.seen.clear();
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
		assertThat(output.toString().split("at dev.sixteen.server.ReplyGuarantees\\$Script", -1)).hasSize(2);
	}

	@Test
	void aHandlerThatReturnsNothingGetsNoReplySent(CapturedOutput output) throws Exception {
		double failed = this.meters.failed("handler_reply");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("null"));
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		this.requests++;
		await().until(() -> this.meters.failed("handler_reply") == failed + 1);
		assertThat(output).contains("failed (handler_reply): the handler returned no reply");
		assertNextClientServed();
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

	private static String text(byte[] octets) {
		return new String(octets, StandardCharsets.US_ASCII);
	}

	/**
	 * Answers as {@link ReplyGuarantees.Script} does, noting each exchange it is told;
	 * {@code tick} turns the clock 300 ms first.
	 */
	static final class ScriptedHandler implements ExchangeHandler {

		final List<Exchange> seen = new CopyOnWriteArrayList<>();

		@Autowired
		@Nullable ManualClock clock;

		@Override
		public byte @Nullable [] reply(byte[] request, Exchange exchange) throws IOException, InterruptedException {
			this.seen.add(exchange);
			if (text(request).equals("tick")) {
				Objects.requireNonNull(this.clock).advance(Duration.ofMillis(300));
			}
			return Script.answer(request);
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
