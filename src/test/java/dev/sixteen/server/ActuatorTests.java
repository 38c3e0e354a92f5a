package dev.sixteen.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sixteen.Peer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sixteen.server.port=0", "logging.level.sixteen.exchanges=warn" })
class ActuatorTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int actuatorPort;

	@Autowired
	private ExchangeConnectionFactory listener;

	@Test
	void livenessAndReadinessAreUp() throws Exception {
		assertThat(get("/actuator/health/liveness")).contains("\"status\":\"UP\"");
		assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"").contains("\"tcpListener\"");
	}

	@Test
	void listenerIndicatorShowsTheBoundPort() throws Exception {
		assertThat(get("/actuator/health"))
			.contains("\"tcpListener\":{\"details\":{\"host\":\"0.0.0.0\",\"port\":" + this.listener.getPort() + "}");
	}

	@Test
	void exposesOnlyHealthInfoAndPrometheus() throws Exception {
		assertThat(get("/actuator")).contains("/actuator/health", "/actuator/info", "/actuator/prometheus")
			.doesNotContain("/actuator/env", "/actuator/beans", "/actuator/metrics");
		assertThat(status("/actuator/env")).isEqualTo(404);
	}

	@Test
	void prometheusCountersMoveByExactlyTheExchangesMade() throws Exception {
		double accepted = sample("sixteen_connections_accepted_total");
		double replies = sample("sixteen_replies_sent_total");
		double sent = sample("sixteen_sent_bytes_total");
		for (int i = 0; i < 7; i++) {
			assertThat(Peer.exchange(this.listener.getPort())).isEqualTo(Peer.FAREWELL);
		}
		// a reply is counted once written, so the peer may read it a moment before
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(sample("sixteen_connections_accepted_total")).isEqualTo(accepted + 7);
			assertThat(sample("sixteen_replies_sent_total")).isEqualTo(replies + 7);
			assertThat(sample("sixteen_sent_bytes_total")).isEqualTo(sent + 7 * 16);
		});
		assertThat(get("/actuator/prometheus")).contains("sixteen_exchange_duration_seconds_bucket{le=\"0.001\"}")
			.contains("sixteen_exchanges_failed_total{reason=\"short_read\"}")
			.contains("sixteen_listener_up 1.0");
	}

	private double sample(String name) throws Exception {
		Matcher matcher = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(get("/actuator/prometheus"));
		assertThat(matcher.find()).as(name).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request(path), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private int status(String path) throws IOException, InterruptedException {
		return this.http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.actuatorPort + path)).build();
	}

}
