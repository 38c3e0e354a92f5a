package dev.sixteen.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.sixteen.TestCertificates;
import dev.sixteen.metrics.FailureReason;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.sixteen.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus scrapes a real server the way the chart's ServiceMonitor says (its
 * path), every second, after the server has made {@value #EXCHANGES} exchanges over real
 * sockets; everything on 127.0.0.1.
 */
class PrometheusScrapeTests {

	private static final int EXCHANGES = 7;

	/**
	 * Metrics of dashboard panels that the server does not have yet, with the reason.
	 * Their queries must run, and must return nothing: once one returns a series, its
	 * metric has landed and leaves this list, so that its panels are checked like the
	 * others.
	 */
	private static final String JOB = "sixteen";

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	static @Nullable Path directory;

	private static @Nullable RunningServer server;

	private static @Nullable PrometheusServer prometheus;

	@BeforeAll
	static void serveExchangesUnderPrometheus() throws IOException {
		PrometheusTools.require("prometheus");
		List<String> args = new ArrayList<>(List.of("--sixteen.server.host=127.0.0.1", "--sixteen.server.port=0",
				"--server.address=127.0.0.1", "--server.port=0"));
		// the SSL bundle that tls.enabled defines, for Spring Boot's certificate metrics;
		// the
		// exchange stays plain TCP, as the exchanges below are
		args.addAll(TestCertificates.create(Objects.requireNonNull(directory).resolve("tls"), "scrape")
			.bundle("sixteen", "server"));
		server = RunningServer.start(args.toArray(String[]::new));
		// the GC metrics appear with the first collection
		System.gc();
		prometheus = PrometheusServer.start(Objects.requireNonNull(directory), JOB, "127.0.0.1:" + server.httpPort(),
				scrapePath());
		await("first scrape").atMost(PATIENCE).until(() -> prometheus.value("up{job=\"" + JOB + "\"}") == 1);
		int port = server.exchangePort();
		for (int i = 0; i < EXCHANGES; i++) {
			assertThat(RunningServer.exchange(port)).isEqualTo("Farewell, client");
		}
	}

	@AfterAll
	static void stop() {
		try {
			if (prometheus != null) {
				prometheus.close();
			}
		}
		finally {
			if (server != null) {
				server.close();
			}
		}
	}

	@Test
	void prometheusCountsEveryConnectionAndReply() {
		PrometheusServer prometheus = Objects.requireNonNull(PrometheusScrapeTests.prometheus);

		await("the counters scraped").atMost(PATIENCE)
			.untilAsserted(() -> assertThat(prometheus.value("sixteen_replies_sent_total")).isEqualTo(EXCHANGES));
		assertThat(prometheus.value("sixteen_connections_accepted_total")).isEqualTo(EXCHANGES);
		assertThat(prometheus.value("sixteen_exchange_duration_seconds_count")).isEqualTo(EXCHANGES);
		assertThat(prometheus.value("sixteen_received_bytes_total")).isEqualTo(16 * EXCHANGES);
		assertThat(prometheus.value("sixteen_sent_bytes_total")).isEqualTo(16 * EXCHANGES);
		assertThat(prometheus.value("sum(sixteen_exchanges_failed_total)")).isZero();
		assertThat(prometheus.value("count(sixteen_exchanges_failed_total)")).isEqualTo(FailureReason.values().length);
		assertThat(prometheus.value("sixteen_listener_up")).isEqualTo(1);
		assertThat(prometheus.value("sixteen_connections_open")).isZero();
		assertThat(prometheus.value("sixteen_connections_limit")).isPositive();
		assertThat(prometheus.value("sum(sixteen_accept_errors_total)")).isZero();
	}

	@Test
	void everyDashboardQueryReturnsASeries() {
		PrometheusServer prometheus = Objects.requireNonNull(PrometheusScrapeTests.prometheus);
		List<String> queries = dashboardQueries();

		assertThat(queries).anyMatch((query) -> query.startsWith("histogram_quantile(0.99, "))
			.anyMatch((query) -> query.contains("by (reason)"))
			.anyMatch((query) -> query.contains("jvm_memory_used_bytes"))
			.anyMatch((query) -> query.contains("jvm_gc_pause_seconds"))
			.anyMatch((query) -> query.contains("jvm_threads_live_threads"))
			.anyMatch((query) -> query.contains("ssl_chain_expiry_seconds"));
		await("every dashboard query returns a series").atMost(PATIENCE).untilAsserted(() -> {
			for (String query : queries) {
				JsonNode answer = prometheus.query(query);
				assertThat(answer.path("status").asString()).as("%s: %s", query, answer).isEqualTo("success");
				assertThat(answer.path("data").path("result").isEmpty()).as("no series from %s", query).isFalse();
			}
		});
		String latency = queries.stream()
			.filter((query) -> query.startsWith("histogram_quantile(0.5, "))
			.findFirst()
			.orElseThrow();
		assertThat(prometheus.value(latency)).isPositive().isLessThan(10);
	}

	@Test
	void promtoolFindsNothingToSayAboutSixteenMetrics() {
		String exposition = Objects.requireNonNull(server).get("/actuator/prometheus", "text/plain;version=0.0.4");

		PrometheusTools.Outcome check = PrometheusTools.promtool(exposition, Objects.requireNonNull(directory), "check",
				"metrics");

		assertThat(exposition).contains("# TYPE sixteen_connections_accepted_total counter")
			.contains("sixteen_exchange_duration_seconds_bucket{")
			.contains("sixteen_exchanges_failed_total{reason=\"short_read\"}");
		assertThat(check.output()).as("promtool parsed the exposition").doesNotContain("error while linting");
		assertThat(check.exitCode()).as("0: no problem, 3: problems found: %s", check.output()).isIn(0, 3);
		assertThat(check.output().lines().filter((line) -> line.contains("sixteen_"))).isEmpty();
	}

	/** The path the chart's ServiceMonitor scrapes. */
	private static String scrapePath() {
		Manifests manifests = Chart.render(Map.of("metrics.serviceMonitor.enabled", true));
		return (String) Objects.requireNonNull(at(manifests.one("ServiceMonitor"), "spec", "endpoints", 0, "path"));
	}

	/**
	 * The dashboard's queries with Grafana's variables filled in as Grafana would for
	 * "All" and a one-minute rate window.
	 */
	private static List<String> dashboardQueries() {
		Manifests manifests = Chart.render(Map.of("metrics.dashboard.enabled", true));
		String dashboard = (String) at(manifests.one("ConfigMap", "sixteen-dashboard"), "data", "sixteen.json");
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : JsonMapper.builder().build().readTree(dashboard).path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(target.path("expr")
					.asString()
					.replace("$__rate_interval", "1m")
					.replace("$namespace", ".*")
					.replace("$job", ".*"));
			}
		}
		return queries;
	}

}
