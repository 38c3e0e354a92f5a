package dev.sixteen.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.sixteen.handler.ExchangeHandler;
import dev.sixteen.server.ServerApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The server with a reply computed per request, for BENCHMARKS.md's "Handlers": a new
 * array each time, {@code Farewell, client} (what the load generators expect), from an
 * {@link ExchangeHandler} bean ({@code handler}) or from a flow on the request channel
 * ({@code flow}). Not a test: run it with the test class path.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     dev.sixteen.bench.HandlerServer handler --sixteen.server.port=1060
 * </pre>
 */
public final class HandlerServer {

	private static final byte[] FAREWELL = "Farewell, client".getBytes(StandardCharsets.US_ASCII);

	private HandlerServer() {
	}

	public static void main(String[] args) {
		Class<?> reply = switch (args[0]) {
			case "handler" -> Handler.class;
			case "flow" -> Flow.class;
			default -> throw new IllegalArgumentException("handler or flow, not " + args[0]);
		};
		SpringApplication.run(new Class<?>[] { ServerApplication.class, reply },
				Arrays.copyOfRange(args, 1, args.length));
	}

	/** An application's handler bean. */
	@Configuration(proxyBeanMethods = false)
	static class Handler {

		@Bean
		ExchangeHandler farewell() {
			return (request, exchange) -> FAREWELL.clone();
		}

	}

	/** An application's flow on the request channel. */
	@Configuration(proxyBeanMethods = false)
	static class Flow {

		@Bean
		IntegrationFlow farewell() {
			return IntegrationFlow.from(ExchangeHandler.REQUEST_CHANNEL)
				.handle(byte[].class, (request, headers) -> FAREWELL.clone())
				.get();
		}

	}

}
