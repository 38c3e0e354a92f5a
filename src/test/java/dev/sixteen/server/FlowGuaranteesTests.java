package dev.sixteen.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import dev.sixteen.Peer;
import dev.sixteen.handler.ExchangeHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.dsl.IntegrationFlow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's flow on {@value ExchangeHandler#REQUEST_CHANNEL}, on real sockets,
 * keeps the guarantees a handler does ({@link ReplyGuarantees}). A flow that answers
 * nothing is told from a slow one only at the deadline, so it is counted as
 * {@code timeout}, and the gateway's wait for it ends just after.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sixteen.server.port=0", "sixteen.server.request-length=4", "sixteen.server.reply-length=8",
				"sixteen.server.read-timeout=3s" })
@Import({ ManualClock.Config.class, FlowGuaranteesTests.Flow.class })
class FlowGuaranteesTests extends ReplyGuarantees {

	@Test
	void repliesWithTheFlowsResult() {
		assertNextClientServed();
	}

	@Test
	void aFlowThatAnswersNothingIsClosedAtTheDeadline() throws Exception {
		double timeouts = this.meters.failed("timeout");
		try (Peer peer = Peer.connect(this.serverFactory.getPort())) {
			peer.send(ascii("null"));
			await().until(() -> handlerCallsInFlight() == 1);
			this.clock.advance(Duration.ofSeconds(4));
			await().until(() -> this.meters.failed("timeout") == timeouts + 1);
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		this.requests++;
		// the gateway gives up its wait for the result (read-timeout and two ticks, in
		// real
		// time) and the call's thread returns
		await().atMost(Duration.ofSeconds(10)).until(() -> handlerCallsInFlight() == 0);
		assertNextClientServed();
	}

	/** A flow that answers as {@link ReplyGuarantees.Script} does. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Flow {

		@Bean
		IntegrationFlow scripted() {
			return IntegrationFlow.from(ExchangeHandler.REQUEST_CHANNEL).handle(byte[].class, (request, headers) -> {
				try {
					return Script.answer(request);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}).get();
		}

	}

}
