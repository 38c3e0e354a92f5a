package dev.sixteen.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Background;
import dev.sixteen.Peer;
import dev.sixteen.startup.StartupException;
import dev.sixteen.handler.Exchange;
import dev.sixteen.handler.ExchangeHandler;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Where replies come from, decided as the server starts: the built-in reply, an
 * application's flow on {@value ExchangeHandler#REQUEST_CHANNEL}, never both a flow and a
 * handler; and a handler's call in flight when the server stops.
 */
class ReplySourceTests {

	@Test
	void aFlowOnTheRequestChannelRepliesInsteadOfTheBuiltInReply() {
		try (ConfigurableApplicationContext server = start(UppercaseFlow.class)) {
			try (Peer peer = Peer.connect(port(server))) {
				assertThat(new String(peer.send(Peer.HI).read(16), StandardCharsets.US_ASCII))
					.isEqualTo("HI THERE, SE#001");
			}
		}
	}

	@Test
	void aHandlerAndAFlowBothReplyingStopStartUpInOneLine() {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> start(UppercaseFlow.class, Echo.class))
			.havingRootCause()
			.isInstanceOf(StartupException.class)
			.withMessage("both the ExchangeHandler bean 'echo' and a flow on sixteenRequests would reply; keep one");
	}

	@Test
	void aHandlerCallInFlightWhenTheServerStopsFinishesAndIsAnswered() throws Exception {
		Slow.release = new CountDownLatch(1);
		ConfigurableApplicationContext server = start(Slow.class, "--sixteen.server.shutdown-timeout=60s");
		Meters meters = new Meters(server.getBean(MeterRegistry.class));
		MeterRegistry registry = server.getBean(MeterRegistry.class);
		try (Peer peer = Peer.connect(port(server))) {
			peer.send(Peer.HI);
			await().until(() -> registry.get("sixteen.handler.active").gauge().value() == 1);
			CompletableFuture<Void> stopping = Background.run(server::close);
			await().until(() -> !server.getBean(SixteenServerFactory.class).isAccepting());
			assertThat(stopping).isNotDone();
			Slow.release.countDown();
			assertThat(peer.read(16)).isEqualTo(Peer.HI);
			stopping.get(30, TimeUnit.SECONDS);
		}
		assertThat(meters.replies()).isEqualTo(1);
		assertThat(meters.failed("shutdown")).isZero();
	}

	@Test
	void aHandlerCallStillInFlightAtShutdownTimeoutIsClosedAndCounted() throws Exception {
		Slow.release = new CountDownLatch(1);
		ConfigurableApplicationContext server = start(Slow.class, "--sixteen.server.shutdown-timeout=500ms");
		Meters meters = new Meters(server.getBean(MeterRegistry.class));
		try (Peer peer = Peer.connect(port(server))) {
			peer.send(Peer.HI);
			await().until(() -> server.getBean(MeterRegistry.class).get("sixteen.handler.active").gauge().value() == 1);
			server.close();
			assertThat(peer.readNext()).isEqualTo(-1);
		}
		finally {
			Slow.release.countDown();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> meters.failed("shutdown") == 1);
		assertThat(meters.replies()).isZero();
	}

	private static int port(ConfigurableApplicationContext server) {
		return server.getBean(SixteenServerFactory.class).getPort();
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... args) {
		return start(new Class<?>[] { application }, args);
	}

	private static ConfigurableApplicationContext start(Class<?> first, Class<?> second) {
		return start(new Class<?>[] { first, second });
	}

	private static ConfigurableApplicationContext start(Class<?>[] sources, String... args) {
		Class<?>[] all = new Class<?>[sources.length + 1];
		all[0] = ServerApplication.class;
		System.arraycopy(sources, 0, all, 1, sources.length);
		String[] settings = new String[args.length + 3];
		settings[0] = "--sixteen.server.port=0";
		settings[1] = "--sixteen.server.host=127.0.0.1";
		settings[2] = "--sixteen.server.drain-delay=0s";
		System.arraycopy(args, 0, settings, 3, args.length);
		return new SpringApplicationBuilder(all).web(WebApplicationType.NONE).run(settings);
	}

	/**
	 * A flow of the application's: the request in capitals, and the exchange's number.
	 */
	@Configuration(proxyBeanMethods = false)
	static class UppercaseFlow {

		@Bean
		IntegrationFlow uppercase() {
			return IntegrationFlow.from(ExchangeHandler.REQUEST_CHANNEL).<byte[]>handle((request, headers) -> {
				Exchange exchange = headers.get(Exchange.HEADER, Exchange.class);
				String text = new String(request, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
				return String.format("%-12.12s#%03d", text, exchange.number()).getBytes(StandardCharsets.US_ASCII);
			}).get();
		}

	}

	/** A handler bean of the application's: the request back. */
	@Configuration(proxyBeanMethods = false)
	static class Echo {

		@Bean
		ExchangeHandler echo() {
			return (request, exchange) -> request;
		}

	}

	/** A handler that answers with the request once the test lets it. */
	@Configuration(proxyBeanMethods = false)
	static class Slow {

		static volatile CountDownLatch release = new CountDownLatch(0);

		@Bean
		ExchangeHandler slow() {
			return (request, exchange) -> {
				release.await(30, TimeUnit.SECONDS);
				return request;
			};
		}

	}

}
