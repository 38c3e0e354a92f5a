package dev.sixteen.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;
import static dev.sixteen.deploy.Manifests.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart rendered with the value files under {@code helm/sixteen/ci/} and with values
 * set one by one.
 */
class ChartValuesTests {

	@Test
	void customPortsFlowIntoConfigContainerServicesAndNetworkPolicy() {
		Manifests manifests = Chart.render("custom-port-values.yaml");
		Map<String, Object> container = manifests.serverContainer();
		List<?> ingress = (List<?>) at(manifests.one("NetworkPolicy"), "spec", "ingress");

		assertThat(at(manifests.applicationYaml(), "sixteen", "server", "port")).isEqualTo(2060);
		assertThat(at(manifests.applicationYaml(), "server", "port")).isEqualTo(9090);
		assertThat(named(container.get("ports"), "exchange")).containsEntry("containerPort", 2060);
		assertThat(named(container.get("ports"), "http-metrics")).containsEntry("containerPort", 9090);
		assertThat(named(at(manifests.one("Service", "sixteen"), "spec", "ports"), "exchange")).containsEntry("port",
				2060);
		assertThat(named(at(manifests.one("Service", "sixteen-metrics"), "spec", "ports"), "http-metrics"))
			.containsEntry("port", 9090);
		assertThat(ingress).extracting((rule) -> at(rule, "ports", 0, "port")).containsExactly(2060, 9090);
	}

	@Test
	void networkPolicyAdmitsTheListedPeersAndTheTestPodToTheExchange() {
		Manifests manifests = Chart.render("custom-port-values.yaml");
		Map<String, Object> policy = manifests.one("NetworkPolicy");
		Map<String, Object> testPodLabels = map(at(manifests.one("Pod"), "metadata", "labels"));

		assertThat(at(policy, "spec", "podSelector", "matchLabels"))
			.isEqualTo(at(manifests.one("Deployment"), "spec", "selector", "matchLabels"));
		assertThat(at(policy, "spec", "ingress", 0, "from", 0, "namespaceSelector", "matchLabels"))
			.isEqualTo(Map.of("kubernetes.io/metadata.name", "clients"));
		assertThat(testPodLabels)
			.containsAllEntriesOf(map(at(policy, "spec", "ingress", 0, "from", 1, "podSelector", "matchLabels")));
		assertThat(at(policy, "spec", "ingress", 1, "from")).as("actuator open to all").isNull();
	}

	@Test
	void largeWholeNumbersStayIntegersInApplicationYaml() {
		Manifests manifests = Chart.render("custom-port-values.yaml");
		String text = (String) at(manifests.one("ConfigMap", Chart.RELEASE), "data", "application.yml");

		assertThat(text).contains("max-connections: 1000000").doesNotContain("e+");
		assertThat(at(manifests.applicationYaml(), "sixteen", "server", "read-timeout")).isEqualTo("5s");
	}

	@Test
	void serviceMonitorScrapesThePrometheusEndpointOnTheMetricsPort() {
		Manifests manifests = Chart.render("servicemonitor-values.yaml");
		Map<String, Object> monitor = manifests.one("ServiceMonitor");
		Map<String, Object> endpoint = map(at(monitor, "spec", "endpoints", 0));
		Map<String, Object> metricsService = manifests.one("Service", "sixteen-metrics");
		Map<String, Object> selector = map(at(monitor, "spec", "selector", "matchLabels"));

		assertThat(endpoint).containsEntry("path", "/actuator/prometheus")
			.containsEntry("port", "http-metrics")
			.containsEntry("interval", "15s");
		assertThat(named(at(metricsService, "spec", "ports"), "http-metrics")).containsEntry("port", 8080);
		assertThat(map(at(metricsService, "metadata", "labels"))).containsAllEntriesOf(selector);
		assertThat(Manifests.selects(selector, map(at(manifests.one("Service", "sixteen"), "metadata", "labels"))))
			.as("the monitor selects the exchange Service")
			.isFalse();
		assertThat(at(monitor, "spec", "namespaceSelector", "matchNames")).isEqualTo(List.of(Chart.NAMESPACE));
		assertThat(endpoint.get("metricRelabelings")).isEqualTo(
				List.of(Map.of("sourceLabels", List.of("__name__"), "regex", "jvm_buffer_.*", "action", "drop")));
	}

	@Test
	void kubePrometheusStacksReleaseLabelIsOnTheMonitorAndTheRulesByDefault() {
		Manifests manifests = Chart.render("servicemonitor-values.yaml");

		for (String kind : List.of("ServiceMonitor", "PrometheusRule")) {
			assertThat(map(at(manifests.one(kind), "metadata", "labels"))).as(kind)
				.containsEntry("release", "kube-prometheus-stack")
				.containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
		}
	}

	@Test
	void releaseLabelFollowsItsValueAndExtraLabelsWin() {
		Manifests renamed = Chart.render(Map.of("metrics.release", "monitoring", "metrics.prometheusRule.labels.role",
				"alerts", "metrics.serviceMonitor.labels.release", "other"), "servicemonitor-values.yaml");
		Manifests unlabelled = Chart.render(Map.of("metrics.release", ""), "servicemonitor-values.yaml");

		assertThat(map(at(renamed.one("PrometheusRule"), "metadata", "labels"))).containsEntry("release", "monitoring")
			.containsEntry("role", "alerts");
		assertThat(map(at(renamed.one("ServiceMonitor"), "metadata", "labels"))).containsEntry("release", "other");
		assertThat(map(at(unlabelled.one("ServiceMonitor"), "metadata", "labels"))).doesNotContainKey("release");
		assertThat(map(at(unlabelled.one("PrometheusRule"), "metadata", "labels"))).doesNotContainKey("release");
	}

	@Test
	void monitorAndRulesGoWhereTheValuesSayAndStillWatchTheRelease() {
		Manifests manifests = Chart.render(Map.of("metrics.serviceMonitor.namespace", "monitoring",
				"metrics.prometheusRule.namespace", "alerts", "metrics.serviceMonitor.relabelings[0].sourceLabels[0]",
				"__meta_kubernetes_pod_node_name", "metrics.serviceMonitor.relabelings[0].targetLabel", "node"),
				"servicemonitor-values.yaml");
		Map<String, Object> monitor = manifests.one("ServiceMonitor");

		assertThat(at(monitor, "metadata", "namespace")).isEqualTo("monitoring");
		assertThat(at(monitor, "spec", "namespaceSelector", "matchNames")).isEqualTo(List.of(Chart.NAMESPACE));
		assertThat(at(monitor, "spec", "endpoints", 0, "relabelings")).isEqualTo(
				List.of(Map.of("sourceLabels", List.of("__meta_kubernetes_pod_node_name"), "targetLabel", "node")));
		assertThat(at(manifests.one("PrometheusRule"), "metadata", "namespace")).isEqualTo("alerts");
		assertThat(alertExpressions(manifests))
			.allMatch((expr) -> expr.contains("namespace=\"" + Chart.NAMESPACE + "\""));
	}

	@Test
	void alertsSelectTheJobThatTheJobLabelGivesTheSeries() {
		Manifests byName = Chart.render(Map.of("metrics.serviceMonitor.jobLabel", "app.kubernetes.io/name"),
				"servicemonitor-values.yaml");
		Manifests byMissingLabel = Chart.render(Map.of("metrics.serviceMonitor.jobLabel", "team"),
				"servicemonitor-values.yaml");

		assertThat(at(byName.one("ServiceMonitor"), "spec", "jobLabel")).isEqualTo("app.kubernetes.io/name");
		assertThat(map(at(byName.one("Service", "sixteen-metrics"), "metadata", "labels")))
			.containsEntry("app.kubernetes.io/name", "sixteen");
		assertThat(alertExpressions(byName)).allMatch((expr) -> expr.contains("job=\"sixteen\""));
		assertThat(alertExpressions(byMissingLabel)).allMatch((expr) -> expr.contains("job=\"sixteen-metrics\""));
		assertThat(alertExpressions(Chart.render("servicemonitor-values.yaml")))
			.allMatch((expr) -> expr.contains("job=\"sixteen-metrics\""));
	}

	@Test
	void loadBalancerKeepsClientAddressesAndLeavesTheActuatorInside() {
		Manifests manifests = Chart.render("loadbalancer-values.yaml");
		Map<String, Object> exchange = map(manifests.one("Service", "sixteen").get("spec"));
		Map<String, Object> metrics = manifests.one("Service", "sixteen-metrics");

		assertThat(exchange).containsEntry("type", "LoadBalancer")
			.containsEntry("externalTrafficPolicy", "Local")
			.containsEntry("loadBalancerSourceRanges", List.of("203.0.113.0/24"));
		assertThat((List<?>) exchange.get("ports")).extracting((port) -> at(port, "name")).containsExactly("exchange");
		assertThat(at(metrics, "spec", "type")).isEqualTo("ClusterIP");
		assertThat(map(at(metrics, "metadata", "annotations"))).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/port", "8080")
			.containsEntry("prometheus.io/path", "/actuator/prometheus");
	}

	@Test
	void loadBalancerTakesItsClassAddressAndIpFamilies() {
		Map<String, Object> exchange = map(
				Chart.render("loadbalancer-values.yaml").one("Service", "sixteen").get("spec"));

		assertThat(exchange).containsEntry("loadBalancerClass", "service.k8s.aws/nlb")
			.containsEntry("loadBalancerIP", "203.0.113.10")
			.containsEntry("ipFamilyPolicy", "PreferDualStack")
			.containsEntry("ipFamilies", List.of("IPv4", "IPv6"));
	}

	@Test
	void loadBalancerSettingsStayOffOtherServiceTypes() {
		Map<String, Object> exchange = map(Chart
			.render(Map.of("service.type", "NodePort", "service.loadBalancerClass", "service.k8s.aws/nlb",
					"service.loadBalancerIP", "203.0.113.10", "service.loadBalancerSourceRanges[0]", "203.0.113.0/24",
					"service.ipFamilyPolicy", "SingleStack", "service.ipFamilies[0]", "IPv6"))
			.one("Service", "sixteen")
			.get("spec"));

		assertThat(exchange).doesNotContainKeys("loadBalancerClass", "loadBalancerIP", "loadBalancerSourceRanges")
			.containsEntry("ipFamilyPolicy", "SingleStack")
			.containsEntry("ipFamilies", List.of("IPv6"));
	}

	@Test
	void nodePortNotesPickTheNodeOfARunningPod() {
		String notes = Chart.notes(Map.of("service.type", "NodePort"));
		Matcher selector = Pattern.compile("kubectl get pods --namespace " + Chart.NAMESPACE
				+ " \\\\\\s+--selector (\\S+) \\\\\\s+--field-selector status.phase=Running -o jsonpath='\\{.items\\[0].spec.nodeName}'")
			.matcher(notes);

		assertThat(selector.find()).as(notes).isTrue();
		Map<String, Object> matchLabels = new HashMap<>();
		for (String pair : selector.group(1).split(",")) {
			matchLabels.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
		}
		assertThat(matchLabels).isEqualTo(at(Chart.render().one("Deployment"), "spec", "selector", "matchLabels"));
		assertThat(notes).contains("kubectl get node \"$SIXTEEN_NODE\"").doesNotContain("kubectl get nodes");
	}

	@Test
	void dashboardUidAndTitleAreTheReleasesOwn() {
		Map<String, ?> values = Map.of("metrics.dashboard.enabled", true);
		List<JsonNode> dashboards = List.of(dashboard(Chart.renderRelease("sixteen", "team-a", values)),
				dashboard(Chart.renderRelease("sixteen", "team-b", values)),
				dashboard(Chart.renderRelease("other", "team-a", values)),
				dashboard(Chart.renderRelease("a-release-name-well-over-forty-characters", "team-a", values)));

		assertThat(dashboards).extracting((dashboard) -> dashboard.path("uid").asString())
			.doesNotHaveDuplicates()
			.allMatch((uid) -> uid.matches("[a-z0-9-]{1,40}"), "a Grafana uid");
		assertThat(dashboards.get(0).path("uid").asString()).isEqualTo("team-a-sixteen");
		assertThat(dashboards.get(2).path("title").asString()).isEqualTo("sixteen: other-sixteen in team-a");
	}

	@Test
	void dashboardStartsOnTheSeriesTheServiceMonitorScrapes() {
		JsonNode variables = dashboard(Chart.render("servicemonitor-values.yaml")).path("templating").path("list");
		JsonNode unmonitored = dashboard(Chart.render(Map.of("metrics.dashboard.enabled", true))).path("templating")
			.path("list");

		assertThat(variables.get(1).path("name").asString()).isEqualTo("namespace");
		assertThat(variables.get(1).path("current").path("value").get(0).asString()).isEqualTo(Chart.NAMESPACE);
		assertThat(variables.get(2).path("current").path("value").get(0).asString()).isEqualTo("sixteen-metrics");
		assertThat(unmonitored.get(2).path("current").isEmpty()).as("job variable on All").isTrue();
	}

	@Test
	void autoscalerTakesOverTheReplicaCount() {
		Manifests manifests = Chart.render("autoscaling-values.yaml");
		Map<String, Object> autoscaler = manifests.one("HorizontalPodAutoscaler");

		assertThat(map(at(manifests.one("Deployment"), "spec"))).doesNotContainKey("replicas");
		assertThat(at(autoscaler, "spec", "scaleTargetRef"))
			.isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "sixteen"));
		assertThat(map(autoscaler.get("spec"))).containsEntry("minReplicas", 3).containsEntry("maxReplicas", 12);
		assertThat(at(autoscaler, "spec", "metrics", 0, "resource", "target", "averageUtilization")).isEqualTo(60);
		assertThat(at(autoscaler, "spec", "metrics", 1, "resource", "name")).isEqualTo("memory");
	}

	@Test
	void configChangeChangesTheChecksumThatRollsThePods() {
		Object defaults = checksum(Chart.render());
		Object again = checksum(Chart.render());
		Object changed = checksum(Chart.render(Map.of("config.read-timeout", "3s")));

		assertThat(again).isEqualTo(defaults);
		assertThat(changed).isNotEqualTo(defaults);
	}

	@Test
	void configSettingsMergeIntoApplicationYamlBesideTheChartsPort() {
		Manifests manifests = Chart.render(Map.of("config.max-connections", 500, "config.close-after-reply", false,
				"extraConfig.logging.level.sixteen\\.exchanges", "warn", "extraConfig.server.port", 1));
		Map<String, Object> yaml = manifests.applicationYaml();

		assertThat(map(at(yaml, "sixteen", "server"))).containsEntry("max-connections", 500)
			.containsEntry("close-after-reply", false)
			.containsEntry("port", 1060);
		assertThat(at(yaml, "logging", "level", "sixteen.exchanges")).isEqualTo("warn");
		assertThat(at(yaml, "server", "port")).as("the chart's port wins").isEqualTo(8080);
	}

	@Test
	void loggingValuesTurnExchangeLinesOnAndTheConsoleToJson() {
		Map<String, Object> yaml = Chart.render(Map.of("logging.exchanges", true, "logging.format", "ecs"))
			.applicationYaml();

		assertThat(at(yaml, "logging", "level", "sixteen.exchanges")).isEqualTo("info");
		assertThat(at(yaml, "logging", "structured", "format", "console")).isEqualTo("ecs");
	}

	@Test
	void extraConfigWinsOverTheLoggingValues() {
		Map<String, Object> yaml = Chart
			.render(Map.of("logging.format", "ecs", "extraConfig.logging.level.sixteen\\.exchanges", "debug",
					"extraConfig.logging.structured.format.console", "logstash"))
			.applicationYaml();

		assertThat(at(yaml, "logging", "level", "sixteen.exchanges")).isEqualTo("debug");
		assertThat(at(yaml, "logging", "structured", "format", "console")).isEqualTo("logstash");
	}

	@Test
	void tlsMountsTheSecretAndNamesTheSslBundle() {
		Manifests manifests = Chart
			.render(Map.of("tls.enabled", true, "tls.secretName", "sixteen-tls", "tls.clientAuth", "need"));
		Map<String, Object> yaml = manifests.applicationYaml();
		Map<String, Object> mount = named(manifests.serverContainer().get("volumeMounts"), "tls");

		assertThat(at(yaml, "sixteen", "server", "ssl")).isEqualTo(Map.of("bundle", "sixteen", "client-auth", "need"));
		assertThat(at(yaml, "spring", "ssl", "bundle", "pem", "sixteen"))
			.isEqualTo(Map.of("reload-on-update", true, "keystore",
					Map.of("certificate", "/etc/sixteen/tls/tls.crt", "private-key", "/etc/sixteen/tls/tls.key"),
					"truststore", Map.of("certificate", "/etc/sixteen/tls/ca.crt")));
		assertThat(mount).containsEntry("mountPath", "/etc/sixteen/tls").containsEntry("readOnly", true);
		assertThat(at(named(manifests.podSpec().get("volumes"), "tls"), "secret", "secretName"))
			.isEqualTo("sixteen-tls");
		assertThat(at(manifests.one("Pod"), "spec", "containers", 0, "args"))
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("--sixteen.client.ssl.bundle=sixteen",
					"--spring.ssl.bundle.pem.sixteen.truststore.certificate=/etc/sixteen/tls/ca.crt",
					"--spring.ssl.bundle.pem.sixteen.keystore.certificate=/etc/sixteen/tls/tls.crt",
					"--spring.ssl.bundle.pem.sixteen.keystore.private-key=/etc/sixteen/tls/tls.key");
	}

	@Test
	void withoutTlsNoSslSettingIsRendered() {
		Manifests manifests = Chart.render();

		assertThat(map(at(manifests.applicationYaml(), "sixteen", "server"))).doesNotContainKey("ssl");
		assertThat(manifests.applicationYaml()).doesNotContainKey("spring");
	}

	@Test
	void schedulingSettingsAndExtraEnvPassThrough() {
		Manifests manifests = Chart.render(Map.of("nodeSelector.disk", "ssd", "tolerations[0].key", "dedicated",
				"tolerations[0].operator", "Exists", "env[0].name", "TZ", "env[0].value", "UTC",
				"affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", 1,
				"affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference"
						+ ".matchExpressions[0].key",
				"zone"));
		Map<String, Object> pod = manifests.podSpec();

		assertThat(pod.get("nodeSelector")).isEqualTo(Map.of("disk", "ssd"));
		assertThat(at(pod, "tolerations", 0)).isEqualTo(Map.of("key", "dedicated", "operator", "Exists"));
		assertThat(at(pod, "affinity", "nodeAffinity")).isNotNull();
		assertThat(named(manifests.serverContainer().get("env"), "TZ")).containsEntry("value", "UTC");
	}

	private static JsonNode dashboard(Manifests manifests) {
		String name = ((String) at(manifests.one("Deployment"), "metadata", "name")) + "-dashboard";
		return JsonMapper.builder()
			.build()
			.readTree((String) at(manifests.one("ConfigMap", name), "data", "sixteen.json"));
	}

	/**
	 * The expressions of the alerts on the pods' own series; SixteenProbeFailing watches
	 * the blackbox exporter's, by the Probe's job.
	 */
	private static List<String> alertExpressions(Manifests manifests) {
		return ((List<?>) at(manifests.one("PrometheusRule"), "spec", "groups", 0, "rules")).stream()
			.filter((rule) -> !"SixteenProbeFailing".equals(at(rule, "alert")))
			.map((rule) -> (String) at(rule, "expr"))
			.toList();
	}

	private static Object checksum(Manifests manifests) {
		return at(manifests.one("Deployment"), "spec", "template", "metadata", "annotations", "checksum/config");
	}

}
