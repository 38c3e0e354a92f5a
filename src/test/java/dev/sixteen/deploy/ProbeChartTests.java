package dev.sixteen.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthetic probe ({@code metrics.probe.*}) as real Helm renders it: a Prometheus
 * Operator Probe that has the blackbox exporter make the exchange through the Service,
 * with the module that fits the listener, and the exporter's modules beside it.
 * {@link BlackboxProbeTests} runs those modules in a real exporter against a real server.
 */
class ProbeChartTests {

	private static final Map<String, Object> PROBE = Map.of("metrics.probe.enabled", true);

	@Test
	void probesTheExchangeThroughTheServiceWithThePlainModule() {
		Manifests manifests = Chart.render(PROBE);
		Map<String, Object> spec = map(manifests.one("Probe").get("spec"));

		assertThat(spec).containsEntry("jobName", "sixteen-probe")
			.containsEntry("module", "sixteen_exchange")
			.containsEntry("interval", "30s")
			.containsEntry("scrapeTimeout", "10s")
			.containsEntry("prober", Map.of("url", "prometheus-blackbox-exporter.monitoring.svc:9115", "scheme", "http",
					"path", "/probe"));
		assertThat(at(spec, "targets", "staticConfig", "static")).isEqualTo(List.of("sixteen.sixteen-test.svc:1060"));
		Map<String, Object> modules = blackboxModules(manifests);
		assertThat(modules).containsOnlyKeys("sixteen_exchange", "sixteen_exchange_tls");
		assertThat(at(modules, "sixteen_exchange", "tcp", "query_response"))
			.isEqualTo(List.of(Map.of("send", "Hi there, server"), Map.of("expect", "^Farewell, client$")));
	}

	@Test
	void takesTheTlsModuleWhereTheListenerSpeaksTls() {
		Manifests manifests = Chart
			.render(Map.of("metrics.probe.enabled", true, "tls.enabled", true, "tls.secretName", "sixteen-tls"));

		assertThat(at(manifests.one("Probe"), "spec", "module")).isEqualTo("sixteen_exchange_tls");
		assertThat(at(blackboxModules(manifests), "sixteen_exchange_tls", "tcp", "tls")).isEqualTo(true);
	}

	@Test
	void takesItsTargetsModuleAndPortFromValues() {
		Manifests manifests = Chart.render(Map.of("metrics.probe.enabled", true, "metrics.probe.targets[0]",
				"sixteen.example.com:1060", "metrics.probe.module", "sixteen_exchange_tls", "ports.exchange", 1061));

		assertThat(at(manifests.one("Probe"), "spec", "module")).isEqualTo("sixteen_exchange_tls");
		assertThat(at(manifests.one("Probe"), "spec", "targets", "staticConfig", "static"))
			.isEqualTo(List.of("sixteen.example.com:1060"));
		assertThat(at(Chart.render(Map.of("metrics.probe.enabled", true, "ports.exchange", 1061)).one("Probe"), "spec",
				"targets", "staticConfig", "static"))
			.isEqualTo(List.of("sixteen.sixteen-test.svc:1061"));
	}

	@Test
	void refusesAModuleThatIsNotAmongTheModules() {
		assertThat(Chart.renderError(Map.of("metrics.probe.enabled", true, "metrics.probe.module", "nope")))
			.contains("metrics.probe.module \"nope\" is not among metrics.probe.modules"
					+ " (sixteen_exchange, sixteen_exchange_tls)");
	}

	@Test
	void rendersNoProbeUnlessAskedTo() {
		assertThat(Chart.render(Map.of()).has("Probe")).isFalse();
	}

	private static Map<String, Object> blackboxModules(Manifests manifests) {
		String config = (String) at(manifests.one("ConfigMap", "sixteen-blackbox"), "data", "blackbox.yml");
		return map(map(new Yaml().load(config)).get("modules"));
	}

}
