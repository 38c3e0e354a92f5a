package dev.sixteen.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Autoscaling on the service's own load: KEDA's ScaledObject ({@code keda.*}) and the
 * chart's HPA with prometheus-adapter's Pods metric ({@code autoscaling.*}), rendered by
 * real Helm. The PromQL they scale on runs against a real Prometheus in
 * {@link AutoscalingQueryTests}.
 */
class ScaledObjectTests {

	private static final Map<String, Object> KEDA = Map.of("keda.enabled", true);

	@Test
	void scalesTheDeploymentOnTheReleasesConnectionSaturation() {
		Manifests manifests = Chart.render(KEDA);
		Map<String, Object> spec = map(manifests.one("ScaledObject").get("spec"));
		Map<String, Object> trigger = map(at(spec, "triggers", 0));

		assertThat(spec.get("scaleTargetRef"))
			.isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "sixteen"));
		assertThat(trigger).containsEntry("type", "prometheus").containsEntry("metricType", "Value");
		assertThat(map(trigger.get("metadata")))
			.containsEntry("serverAddress", "http://prometheus-operated.monitoring.svc:9090")
			.containsEntry("query",
					"sum(sixteen_connections_open{namespace=\"sixteen-test\", job=\"sixteen-metrics\"})"
							+ " / sum(sixteen_connections_limit{namespace=\"sixteen-test\", job=\"sixteen-metrics\"})")
			.containsEntry("threshold", "0.6");
		assertThat(manifests.has("HorizontalPodAutoscaler")).as("KEDA makes the HPA").isFalse();
		assertThat(map(manifests.one("Deployment").get("spec"))).as("replicas left to KEDA")
			.doesNotContainKey("replicas");
	}

	@Test
	void takesPollingCooldownFallbackAndBehaviourFromValues() {
		Map<String, Object> values = new HashMap<>(KEDA);
		values.putAll(Map.of("keda.minReplicaCount", 3, "keda.maxReplicaCount", 30, "keda.pollingInterval", 15,
				"keda.cooldownPeriod", 120, "keda.fallback.failureThreshold", 5, "keda.fallback.replicas", 8,
				"keda.behavior.scaleUp.stabilizationWindowSeconds", 30, "keda.targetSaturation", 0.45,
				"keda.authenticationRef", "prometheus-credentials"));

		Map<String, Object> spec = map(Chart.render(values).one("ScaledObject").get("spec"));

		assertThat(spec).containsEntry("minReplicaCount", 3)
			.containsEntry("maxReplicaCount", 30)
			.containsEntry("pollingInterval", 15)
			.containsEntry("cooldownPeriod", 120)
			.containsEntry("fallback", Map.of("failureThreshold", 5, "replicas", 8));
		assertThat(at(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleUp"))
			.isEqualTo(Map.of("stabilizationWindowSeconds", 30));
		assertThat(at(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown"))
			.as("the chart's scale-down, kept")
			.isNotNull();
		assertThat(at(spec, "triggers", 0, "metadata", "threshold")).isEqualTo("0.45");
		assertThat(at(spec, "triggers", 0, "authenticationRef")).isEqualTo(Map.of("name", "prometheus-credentials"));
	}

	@Test
	void refusesKedaBesideTheChartsHpa() {
		assertThat(Chart.renderError(Map.of("keda.enabled", true, "autoscaling.enabled", true)))
			.contains("keda.enabled and autoscaling.enabled both scale the Deployment")
			.contains("turn one off");
	}

	@Test
	void refusesToScaleToZero() {
		// values.schema.json stops it before the template's own message
		assertThat(Chart.renderError(Map.of("keda.enabled", true, "keda.minReplicaCount", 0)))
			.contains("/keda/minReplicaCount");
		assertThat(
				Chart.renderError(Map.of("keda.enabled", true, "keda.minReplicaCount", 5, "keda.maxReplicaCount", 4)))
			.contains("keda.minReplicaCount (5) must not exceed keda.maxReplicaCount (4)");
	}

	@Test
	void fitsKedasCrdSchemaWithDefaultsAndWithEveryOption() {
		Map<String, Object> every = new HashMap<>(KEDA);
		every.putAll(Map.of("keda.authenticationRef", "prometheus-credentials",
				"keda.behavior.scaleUp.policies[0].type", "Percent", "keda.behavior.scaleUp.policies[0].value", 100,
				"keda.behavior.scaleUp.policies[0].periodSeconds", 15));

		Map<String, Object> noFallback = Map.of("keda.enabled", true, "keda.fallback", "null");
		for (Map<String, Object> values : List.of(KEDA, every, noFallback)) {
			assertThat(violations(Chart.render(values).one("ScaledObject"))).as("%s", values).isEmpty();
		}
	}

	@Test
	void aMisspeltFieldOrANumberForAStringBreaksTheCrdSchema() {
		Map<String, Object> scaledObject = Chart.render(KEDA).one("ScaledObject");
		Map<String, Object> misspelt = Manifests.parse(new Yaml().dump(scaledObject)).one("ScaledObject");
		map(misspelt.get("spec")).put("pollingIntervall", 30);
		Map<String, Object> number = Manifests.parse(new Yaml().dump(scaledObject)).one("ScaledObject");
		map(at(number, "spec", "triggers", 0, "metadata")).put("threshold", 0.6);
		Map<String, Object> zero = Manifests.parse(new Yaml().dump(scaledObject)).one("ScaledObject");
		map(zero.get("spec")).put("maxReplicaCount", 0);

		assertThat(violations(misspelt)).singleElement().asString().contains("pollingIntervall");
		assertThat(violations(number)).singleElement().asString().contains("metadata");
		assertThat(violations(zero)).contains("spec.maxReplicaCount: must be at least 1, is 0",
				"spec: minReplicaCount must be less than or equal to maxReplicaCount");
	}

	@Test
	void theHpaScalesOnPrometheusAdaptersSaturationMetric() {
		Manifests manifests = Chart.render(Map.of("autoscaling.enabled", true,
				"autoscaling.targetCPUUtilizationPercentage", "null", "autoscaling.targetConnectionSaturation", 0.6,
				"autoscaling.behavior.scaleDown.stabilizationWindowSeconds", 600));
		Map<String, Object> spec = map(manifests.one("HorizontalPodAutoscaler").get("spec"));

		assertThat(spec.get("metrics")).isEqualTo(List
			.of(Map.of("type", "Pods", "pods", Map.of("metric", Map.of("name", "sixteen_connections_saturation"),
					"target", Map.of("type", "AverageValue", "averageValue", "0.6")))));
		assertThat(spec.get("behavior")).isEqualTo(Map.of("scaleDown", Map.of("stabilizationWindowSeconds", 600)));
		assertThat(Chart
			.renderError(Map.of("autoscaling.enabled", true, "autoscaling.targetCPUUtilizationPercentage", "null")))
			.contains("autoscaling.enabled needs a metric");
	}

	private static List<String> violations(Map<String, Object> document) {
		try {
			return ManifestSchemaTests.strict.convertValue(new HashMap<>(document), KedaScaledObject.class)
				.violations();
		}
		catch (IllegalArgumentException ex) {
			return List.of(String.valueOf(ex.getMessage()));
		}
	}

}
