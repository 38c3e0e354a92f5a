package dev.sixteen.deploy;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * values.schema.json and the chart's own checks refuse nonsense with a message that names
 * the value.
 */
class ValuesSchemaTests {

	static Stream<Arguments> nonsense() {
		return Stream.of(Arguments.of(Map.of("ports.exchange", 0), "'/ports/exchange': minimum: got 0, want 1"),
				Arguments.of(Map.of("ports.exchange", 65536), "'/ports/exchange': maximum"),
				Arguments.of(Map.of("ports.http", 70000), "'/ports/http': maximum"),
				Arguments.of(Map.of("service.port", 0), "'/service/port'"),
				Arguments.of(Map.of("replicaCount", -1), "'/replicaCount': minimum: got -1, want 0"),
				Arguments.of(Map.of("config.frame-length", 0), "'/config/frame-length': minimum: got 0, want 1"),
				Arguments.of(Map.of("replicas", 3), "additional properties 'replicas' not allowed"),
				Arguments.of(Map.of("config.port", 1061), "'/config': additional properties 'port' not allowed"),
				Arguments.of(Map.of("config.read-timeout", "soon"), "'/config/read-timeout'"),
				Arguments.of(Map.of("config.max-connections", -1),
						"'/config/max-connections': minimum: got -1, want 0"),
				Arguments.of(Map.of("config.max-connections-per-client", -1),
						"'/config/max-connections-per-client': minimum: got -1, want 0"),
				Arguments.of(Map.of("config.drain-delay", "soon"), "'/config/drain-delay'"),
				Arguments.of(Map.of("config.drain-delay", 30), "'/config/drain-delay': got number, want string"),
				Arguments.of(Map.of("shutdown.preStopHandler", "httpGet"), "'/shutdown/preStopHandler'"),
				Arguments.of(Map.of("shutdown.preStopSleepSeconds", -1), "'/shutdown/preStopSleepSeconds'"),
				Arguments.of(Map.of("service.type", "LoadBalancer", "shutdown.terminationGracePeriodSeconds", 50),
						"shutdown.terminationGracePeriodSeconds (50) must exceed the preStop sleep (35s) + drain-delay (15s)"),
				Arguments.of(Map.of("service.type", "ExternalName"), "'/service/type': value must be one of"),
				Arguments.of(Map.of("service.externalTrafficPolicy", "Nearest"), "'/service/externalTrafficPolicy'"),
				Arguments.of(Map.of("service.ipFamilies[0]", "IPv4", "service.ipFamilies[1]", "IPv6"),
						"'/service/ipFamilyPolicy'"),
				Arguments.of(Map.of("service.ipFamilies[0]", "IPv5"), "'/service/ipFamilies/0'"),
				Arguments.of(Map.of("service.loadBalancerSourceRanges[0]", "everyone"),
						"'/service/loadBalancerSourceRanges/0'"),
				Arguments.of(Map.of("logging.format", "json"), "'/logging/format': value must be one of"),
				Arguments.of(Map.of("tls.enabled", true), "'/tls/secretName'"),
				Arguments.of(Map.of("tls.clientAuth", "maybe"), "'/tls/clientAuth'"),
				Arguments.of(Map.of("tests.expectedReply", "b'Farewell, client'"),
						"'/tests': additional properties 'expectedReply' not allowed"),
				Arguments.of(Map.of("metrics.prometheusRule.ignoredReasons[0]", "boredom"),
						"'/metrics/prometheusRule/ignoredReasons/0'"),
				Arguments.of(Map.of("metrics.prometheusRule.ignoredReasons[0]", "rejected"),
						"'/metrics/prometheusRule/ignoredReasons/0'"),
				Arguments.of(Map.of("metrics.release", "kube prometheus"), "'/metrics/release'"),
				Arguments.of(Map.of("metrics.serviceMonitor.relabelings[0].source_labels[0]", "pod"),
						"additional properties 'source_labels' not allowed"),
				Arguments.of(Map.of("metrics.serviceMonitor.metricRelabelings[0].action", "delete"),
						"'/metrics/serviceMonitor/metricRelabelings/0/action'"),
				Arguments.of(Map.of("metrics.prometheusRule.runbookUrl", "docs/runbooks.md"),
						"'/metrics/prometheusRule/runbookUrl'"),
				Arguments.of(Map.of("metrics.prometheusRule.saturationRatio", 80),
						"'/metrics/prometheusRule/saturationRatio'"),
				Arguments.of(
						Map.of("autoscaling.enabled", true, "autoscaling.minReplicas", 5, "autoscaling.maxReplicas", 2),
						"autoscaling.minReplicas (5) must not exceed autoscaling.maxReplicas (2)"));
	}

	@ParameterizedTest
	@MethodSource("nonsense")
	void refusesNonsenseNamingTheValue(Map<String, ?> values, String message) {
		assertThat(Chart.renderError(values)).contains(message);
	}

}
