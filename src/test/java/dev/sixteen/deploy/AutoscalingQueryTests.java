package dev.sixteen.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static dev.sixteen.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The PromQL the autoscalers scale on, run by a real Prometheus that scrapes a real
 * server holding {@value #IDLE} idle connections of its {@value #LIMIT}: the
 * ScaledObject's trigger as the chart renders it, and prometheus-adapter's rule as
 * docs/scaling.md gives it. The target carries the labels Kubernetes discovery gives a
 * pod, so that the chart's series selector (the release's namespace and job) picks it.
 */
class AutoscalingQueryTests {

	private static final int LIMIT = 40;

	private static final int IDLE = 10;

	private static final String POD = "sixteen-7d9f-abcde";

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	static @Nullable Path directory;

	private static @Nullable RunningServer server;

	private static @Nullable PrometheusServer prometheus;

	private static final List<Socket> idle = new ArrayList<>();

	@BeforeAll
	static void holdIdleConnectionsUnderPrometheus() throws IOException {
		PrometheusTools.require("prometheus");
		server = RunningServer.start("--sixteen.server.host=127.0.0.1", "--sixteen.server.port=0",
				"--sixteen.server.max-connections=" + LIMIT, "--sixteen.server.read-timeout=5m",
				"--server.address=127.0.0.1", "--server.port=0");
		prometheus = PrometheusServer.start(Objects.requireNonNull(directory), "sixteen-metrics",
				"127.0.0.1:" + server.httpPort(), "/actuator/prometheus",
				Map.of("namespace", Chart.NAMESPACE, "pod", POD));
		for (int i = 0; i < IDLE; i++) {
			Socket socket = new Socket();
			idle.add(socket);
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.exchangePort()), 5000);
		}
	}

	@AfterAll
	static void stop() throws IOException {
		for (Socket socket : idle) {
			socket.close();
		}
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
	void theScaledObjectsTriggerIsTheReleasesSaturation() {
		String query = (String) at(Chart.render(Map.of("keda.enabled", true)).one("ScaledObject"), "spec", "triggers",
				0, "metadata", "query");

		await("the idle connections scraped").atMost(PATIENCE)
			.untilAsserted(() -> assertThat(prometheus().value(query)).isCloseTo((double) IDLE / LIMIT, within(1e-9)));
	}

	@Test
	void prometheusAdaptersRuleGivesEachPodItsSaturation() throws IOException {
		Map<String, Object> rule = adapterRule();
		String seriesQuery = (String) rule.get("seriesQuery");
		// as the adapter fills the templates for one pod of the namespace
		String metricsQuery = ((String) rule.get("metricsQuery")).replace("<<.GroupBy>>", "pod")
			.replace("<<.LabelMatchers>>", "namespace=\"" + Chart.NAMESPACE + "\",pod=~\"" + POD + "\"");

		assertThat(at(rule, "name", "as")).isEqualTo(
				at(Chart.render(Map.of("autoscaling.enabled", true, "autoscaling.targetConnectionSaturation", 0.6))
					.one("HorizontalPodAutoscaler"), "spec", "metrics", 1, "pods", "metric", "name"));
		await("the idle connections scraped").atMost(PATIENCE).untilAsserted(() -> {
			assertThat(prometheus().query(seriesQuery).path("data").path("result").size())
				.as("series the adapter discovers")
				.isEqualTo(1);
			assertThat(prometheus().query(metricsQuery)
				.path("data")
				.path("result")
				.get(0)
				.path("metric")
				.path("pod")
				.asString()).isEqualTo(POD);
			assertThat(prometheus().value(metricsQuery)).isCloseTo((double) IDLE / LIMIT, within(1e-9));
		});
	}

	private static PrometheusServer prometheus() {
		return Objects.requireNonNull(prometheus);
	}

	/** The custom rule of docs/scaling.md's prometheus-adapter block. */
	private static Map<String, Object> adapterRule() throws IOException {
		Matcher block = Pattern.compile("```yaml\n(rules:.*?)```", Pattern.DOTALL)
			.matcher(Files.readString(Path.of("docs", "scaling.md")));
		assertThat(block.find()).as("a ```yaml block of prometheus-adapter rules in docs/scaling.md").isTrue();
		return Manifests.map(at(new Yaml().load(block.group(1)), "rules", "custom", 0));
	}

}
