package dev.sixteen.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;
import static dev.sixteen.deploy.Manifests.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart rendered with its default values.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ChartDefaultsTests {

	private final Manifests manifests = Chart.render();

	@Test
	void rendersTheServerResourcesAndNoOptionalOnes() {
		assertThat(this.manifests.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service",
				"Service", "Deployment", "PodDisruptionBudget", "Pod");
		assertThat(this.manifests.kinds()).doesNotContain("HorizontalPodAutoscaler", "NetworkPolicy", "ServiceMonitor",
				"PrometheusRule");
	}

	@Test
	void exchangePortFlowsFromValuesIntoConfigContainerAndService() {
		Map<String, Object> container = this.manifests.serverContainer();
		Map<String, Object> servicePort = named(at(this.manifests.one("Service", "sixteen"), "spec", "ports"),
				"exchange");
		Object targetPort = servicePort.get("targetPort");

		assertThat(at(this.manifests.applicationYaml(), "sixteen", "server", "port")).isEqualTo(1060);
		assertThat(named(container.get("ports"), "exchange")).containsEntry("containerPort", 1060)
			.containsEntry("protocol", "TCP");
		assertThat(servicePort).containsEntry("port", 1060);
		assertThat(named(container.get("ports"), (String) targetPort)).containsEntry("containerPort", 1060);
	}

	@Test
	void actuatorPortFlowsFromValuesIntoConfigContainerProbesAndMetricsService() {
		Map<String, Object> container = this.manifests.serverContainer();
		Map<String, Object> servicePort = named(at(this.manifests.one("Service", "sixteen-metrics"), "spec", "ports"),
				"http-metrics");

		assertThat(at(this.manifests.applicationYaml(), "server", "port")).isEqualTo(8080);
		assertThat(named(container.get("ports"), "http-metrics")).containsEntry("containerPort", 8080);
		assertThat(servicePort).containsEntry("port", 8080).containsEntry("targetPort", "http-metrics");
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(at(container, probe, "httpGet", "port")).as(probe).isEqualTo("http-metrics");
		}
	}

	@Test
	void probesUseTheActuatorHealthGroups() {
		Map<String, Object> container = this.manifests.serverContainer();

		assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertThat(at(container, "startupProbe", "failureThreshold")).isEqualTo(60);
	}

	@Test
	void serverReadsTheConfigMapThroughSpringConfigAdditionalLocation() {
		Map<String, Object> container = this.manifests.serverContainer();
		Map<String, Object> mount = named(container.get("volumeMounts"), "config");
		Map<String, Object> volume = named(this.manifests.podSpec().get("volumes"), "config");

		assertThat(named(container.get("env"), "SPRING_CONFIG_ADDITIONAL_LOCATION")).containsEntry("value",
				"file:" + mount.get("mountPath") + "/");
		assertThat(mount).containsEntry("readOnly", true);
		assertThat(at(volume, "configMap", "name")).isEqualTo("sixteen");
	}

	@Test
	void exchangeLinesAreOffAndLogsArePlainText() {
		Map<String, Object> logging = map(this.manifests.applicationYaml().get("logging"));

		assertThat(at(logging, "level", "sixteen.exchanges")).isEqualTo("warn");
		assertThat(logging).doesNotContainKey("structured");
	}

	@Test
	void podsRunRestricted() {
		Map<String, Object> pod = map(this.manifests.podSpec().get("securityContext"));
		Map<String, Object> container = map(this.manifests.serverContainer().get("securityContext"));

		assertThat(pod).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
		assertThat(at(pod, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
		assertThat(container).containsEntry("runAsNonRoot", true)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(at(container, "capabilities", "drop")).isEqualTo(List.of("ALL"));
		assertThat(at(container, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
	}

	@Test
	void tmpIsAWritableEmptyDirUnderTheReadOnlyRoot() {
		Map<String, Object> mount = named(this.manifests.serverContainer().get("volumeMounts"), "tmp");
		Map<String, Object> volume = named(this.manifests.podSpec().get("volumes"), "tmp");

		assertThat(mount).containsEntry("mountPath", "/tmp").doesNotContainKey("readOnly");
		assertThat(at(volume, "emptyDir", "sizeLimit")).isEqualTo("64Mi");
	}

	@Test
	void podsNeitherMountATokenNorGetServiceLinkVariables() {
		assertThat(this.manifests.podSpec()).containsEntry("automountServiceAccountToken", false)
			.containsEntry("enableServiceLinks", false)
			.containsEntry("serviceAccountName", "sixteen");
		assertThat(this.manifests.one("ServiceAccount")).containsEntry("automountServiceAccountToken", false);
	}

	@Test
	void leavesWithoutAPreStopHookAndAGraceThatOutlastsTheDrain() {
		assertThat(this.manifests.serverContainer()).doesNotContainKey("lifecycle");
		assertThat(at(this.manifests.applicationYaml(), "sixteen", "server", "drain-delay")).isEqualTo("5s");
		assertThat(this.manifests.podSpec()).containsEntry("terminationGracePeriodSeconds", 5 + 20 + 5);
	}

	@Test
	void heapIsSizedFromTheContainerMemoryLimit() {
		Map<String, Object> container = this.manifests.serverContainer();

		assertThat((String) named(container.get("env"), "JAVA_TOOL_OPTIONS").get("value"))
			.contains("-XX:MaxRAMPercentage=70");
		assertThat(at(container, "resources", "limits", "memory")).isEqualTo("512Mi");
		assertThat(at(container, "resources", "requests", "memory")).isEqualTo("512Mi");
	}

	@Test
	void selectorsMatchThePodLabels() {
		Map<String, Object> deployment = this.manifests.one("Deployment");
		Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));

		assertThat(podLabels).containsAllEntriesOf(map(at(deployment, "spec", "selector", "matchLabels")));
		for (Map<String, Object> service : this.manifests.all("Service")) {
			assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
		}
		assertThat(podLabels).containsAllEntriesOf(
				map(at(this.manifests.one("PodDisruptionBudget"), "spec", "selector", "matchLabels")));
		assertThat(map(at(deployment, "spec", "selector", "matchLabels"))).containsOnlyKeys("app.kubernetes.io/name",
				"app.kubernetes.io/instance");
	}

	@Test
	void serviceNeverSelectsTheTestPod() {
		Map<String, Object> testPodLabels = map(at(this.manifests.one("Pod"), "metadata", "labels"));
		Map<String, Object> selector = map(at(this.manifests.one("Service", "sixteen"), "spec", "selector"));

		assertThat(Manifests.selects(selector, testPodLabels)).as("%s selects %s", selector, testPodLabels).isFalse();
	}

	@Test
	void everyResourceCarriesTheStandardLabels() {
		for (Map<String, Object> document : this.manifests.documents()) {
			assertThat(map(at(document, "metadata", "labels"))).as("%s labels", document.get("kind"))
				.containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
				.containsEntry("app.kubernetes.io/managed-by", "Helm")
				.containsKeys("app.kubernetes.io/name", "helm.sh/chart");
		}
	}

	@Test
	void serviceIsClusterIpWithoutTrafficPolicy() {
		Map<String, Object> spec = map(this.manifests.one("Service", "sixteen").get("spec"));

		assertThat(spec).containsEntry("type", "ClusterIP").doesNotContainKey("externalTrafficPolicy");
		assertThat((List<?>) spec.get("ports")).hasSize(1);
	}

	@Test
	void imageTagIsTheAppVersion() {
		assertThat(this.manifests.serverContainer()).containsEntry("image", "sixteen:1.0.0");
		assertThat(at(this.manifests.one("Deployment"), "spec", "replicas")).isEqualTo(2);
	}

	@Test
	void disruptionBudgetLetsOnePodGoAtATime() {
		assertThat(map(this.manifests.one("PodDisruptionBudget").get("spec"))).containsEntry("maxUnavailable", 1)
			.doesNotContainKey("minAvailable");
	}

	@Test
	void podsSpreadOverNodes() {
		Map<String, Object> constraint = map(at(this.manifests.podSpec(), "topologySpreadConstraints", 0));

		assertThat(constraint).containsEntry("topologyKey", "kubernetes.io/hostname")
			.containsEntry("whenUnsatisfiable", "ScheduleAnyway");
		assertThat(at(constraint, "labelSelector", "matchLabels"))
			.isEqualTo(at(this.manifests.one("Deployment"), "spec", "selector", "matchLabels"));
	}

}
