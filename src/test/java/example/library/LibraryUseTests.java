package example.library;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.sixteen.Peer;
import dev.sixteen.handler.ExchangeHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.AlternativeJdkIdGenerator;
import org.springframework.util.IdGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application of a user's, outside sixteen's packages and without sixteen's
 * {@code application.yml} (its own configuration name hides it, as a dependent
 * application's own file does), that depends on sixteen for its listener: it gets the
 * server from the auto-configuration, sixteen's defaults, its handler behind the gateway,
 * the actuator's endpoints, and a bean of its own in place of sixteen's.
 */
class LibraryUseTests {

	@Test
	void anApplicationThatDependsOnSixteenSuppliesOnlyItsHandler() throws Exception {
		try (ConfigurableApplicationContext application = new SpringApplication(Shouting.class).run(
				"--spring.config.name=shouting", "--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1",
				"--server.port=0", "--server.address=127.0.0.1")) {
			int port = Integer.parseInt(application.getEnvironment().getProperty("local.sixteen.port", "0"));
			try (Peer peer = Peer.connect(port)) {
				assertThat(new String(peer.send(Peer.HI).read(16), StandardCharsets.US_ASCII))
					.isEqualTo("HI THERE, SERVER");
			}
			String actuator = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");
			assertThat(get(actuator + "/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(get(actuator + "/actuator/prometheus").body()).contains("sixteen_replies_sent_total 1.0")
				.contains("sixteen_connections_accepted_total 1.0");
			assertThat(application.getBean(IdGenerator.class)).isInstanceOf(AlternativeJdkIdGenerator.class);
		}
	}

	private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The user's application: a handler that answers the request in capitals. */
	@SpringBootApplication(proxyBeanMethods = false)
	static class Shouting {

		@Bean
		ExchangeHandler shout() {
			return (request, exchange) -> new String(request, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
				.getBytes(StandardCharsets.US_ASCII);
		}

		/** In place of sixteen's {@code SimpleIdGenerator}. */
		@Bean
		IdGenerator ids() {
			return new AlternativeJdkIdGenerator();
		}

	}

}
