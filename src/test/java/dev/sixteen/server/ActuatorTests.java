package dev.sixteen.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.sixteen.Peer;
import dev.sixteen.server.listener.SixteenServerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sixteen.server.port=0", "logging.level.sixteen.exchanges=warn" })
@ExtendWith(OutputCaptureExtension.class)
class ActuatorTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int actuatorPort;

	@Autowired
	private SixteenServerFactory serverFactory;

	@Test
	void livenessAndReadinessAreUp() throws Exception {
		assertThat(get("/actuator/health/liveness")).isEqualTo("{\"status\":\"UP\"}");
		assertThat(get("/actuator/health/readiness")).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void anonymousCallersSeeTheStatusOnly() throws Exception {
		// no components, so no disk path or free space, and no listener address
		assertThat(get("/actuator/health")).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
		assertThat(status("/actuator/health/diskSpace")).isEqualTo(404);
		assertThat(status("/actuator/health/tcpListener")).isEqualTo(404);
		assertThat(status("/actuator/health/readiness/tcpListener")).isEqualTo(404);
	}

	@Test
	@DirtiesContext
	void readinessFollowsTheTcpListener() throws Exception {
		this.serverFactory.stopAccepting();
		HttpResponse<String> readiness = this.http.send(request("/actuator/health/readiness"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
		assertThat(get("/actuator/health/liveness")).isEqualTo("{\"status\":\"UP\"}");
	}

	/**
	 * Paths that Tomcat and Spring MVC read differently ({@code ..;} is a dot segment to
	 * one and a name to the other, a plain {@code ..} is resolved by one only), paths
	 * below a health component, which Spring Boot 4.0's health endpoint answers with a
	 * 500 and a stack trace when it shows components, and paths nothing serves.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/..;/x", "/actuator/..;/health/x", "/actuator/health/%2e%2e/x",
			"/actuator/health/../x", "/actuator/prometheus/../../x", "/actuator/health/nope/x",
			"/actuator/health/readiness/nope/x", "/actuator/health/\\", "/no/such/page" })
	void oddPathsGetA4xxAndAtMostOneLogLineForFiftyRequests(String path, CapturedOutput output) throws Exception {
		long linesBefore = output.getAll().lines().count();
		for (int i = 0; i < 50; i++) {
			assertThat(rawStatus(path)).as(path).isBetween(400, 499);
		}
		String logged = output.getAll().lines().skip(linesBefore).collect(Collectors.joining("\n"));
		assertThat(logged.lines().count()).as(logged).isLessThanOrEqualTo(1);
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
			assertThat(Peer.exchange(this.serverFactory.getPort())).isEqualTo(Peer.FAREWELL);
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

	/**
	 * GETs a path as written, over a plain socket that neither normalizes nor encodes it.
	 */
	private int rawStatus(String path) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.actuatorPort)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String statusLine = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			assertThat(statusLine).as(path).startsWith("HTTP/1.1 ");
			return Integer.parseInt(statusLine.split(" ")[1]);
		}
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.actuatorPort + path)).build();
	}

}
