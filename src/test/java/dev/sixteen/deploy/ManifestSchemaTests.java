package dev.sixteen.deploy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Probe;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every manifest the chart renders, read by the Kubernetes and Prometheus Operator API
 * types: fabric8's models, generated from the Kubernetes OpenAPI and the operator's CRDs.
 * They are read as strictly as an API server with strict field validation reads them: a
 * field the type does not have, or a value of the wrong type, is an error. Required
 * fields and enumerated values are not checked here.
 */
class ManifestSchemaTests {

	private static final Map<String, Class<?>> TYPES = Map.ofEntries(Map.entry("v1/ConfigMap", ConfigMap.class),
			Map.entry("v1/Service", Service.class), Map.entry("v1/ServiceAccount", ServiceAccount.class),
			Map.entry("v1/Pod", Pod.class), Map.entry("apps/v1/Deployment", Deployment.class),
			Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
			Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
			Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
			Map.entry("monitoring.coreos.com/v1/Probe", Probe.class));

	/**
	 * Reads as strictly as an API server with strict field validation; ScaledObjectTests
	 * too.
	 */
	static final ObjectMapper strict = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		// nor a number or boolean where the API wants a string, such as a label's value
		.withCoercionConfig(LogicalType.Textual,
				(text) -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.addModule(new SimpleModule().setDeserializerModifier(new NoCatchAll()))
		.build();

	static Stream<String> ciValuesFiles() {
		return Stream.of("autoscaling-values.yaml", "custom-port-values.yaml", "loadbalancer-values.yaml",
				"servicemonitor-values.yaml");
	}

	@Test
	void everyManifestWithAllOptionsOnFitsTheApiTypes() throws URISyntaxException {
		Manifests manifests = Chart.render(allOptionsFile());

		assertThat(manifests.kinds()).as("every kind the chart can render").containsAll(kinds());
		assertThat(errors(manifests)).isEmpty();
	}

	@Test
	void allOptionsSetsEveryValueOfTheChart() throws IOException, URISyntaxException {
		Map<String, Object> chartValues = new Yaml().load(Files.readString(Chart.DIRECTORY.resolve("values.yaml")));
		Map<String, Object> allOptions = new Yaml().load(Files.readString(allOptionsFile()));

		assertThat(keys("", allOptions)).containsAll(keys("", chartValues));
	}

	@Test
	void everyManifestWithTheDefaultsFitsTheApiTypes() {
		assertThat(errors(Chart.render())).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("ciValuesFiles")
	void everyManifestOfEachCiValuesFileFitsTheApiTypes(String valuesFile) {
		assertThat(errors(Chart.render(valuesFile))).isEmpty();
	}

	@Test
	void aMisspeltFieldOrAValueOfTheWrongTypeIsAnError() {
		Manifests manifests = Chart.render("loadbalancer-values.yaml");
		Map<String, Object> service = manifests.one("Service", "sixteen");
		Map<String, Object> spec = map(service.get("spec"));
		spec.put("loadBalancerClas", spec.remove("loadBalancerClass"));
		Map<String, Object> container = manifests.serverContainer();
		map(((List<?>) container.get("ports")).get(0)).put("containerPort", "1060");
		map(at(manifests.one("Service", "sixteen-metrics"), "metadata", "labels")).put("team", 5);

		assertThat(errors(manifests)).hasSize(3)
			.anySatisfy((error) -> assertThat(error).contains("Service sixteen:").contains("\"loadBalancerClas\""))
			.anySatisfy((error) -> assertThat(error).contains("Deployment sixteen:").contains("containerPort"))
			.anySatisfy((error) -> assertThat(error).contains("Service sixteen-metrics:").contains("labels"));
	}

	private static Path allOptionsFile() throws URISyntaxException {
		return Path.of(Objects
			.requireNonNull(ManifestSchemaTests.class.getResource("all-options-values.yaml"), "all-options-values.yaml")
			.toURI());
	}

	/** The dotted paths of a values tree, down to its scalars, lists and empty maps. */
	private static Set<String> keys(String prefix, Map<?, ?> values) {
		Set<String> keys = new TreeSet<>();
		for (Map.Entry<?, ?> entry : values.entrySet()) {
			String key = prefix + entry.getKey();
			keys.add(key);
			if (entry.getValue() instanceof Map<?, ?> map) {
				keys.addAll(keys(key + ".", map));
			}
		}
		return keys;
	}

	private static List<String> kinds() {
		return TYPES.keySet().stream().map((type) -> type.substring(type.lastIndexOf('/') + 1)).toList();
	}

	/** What the API types find wrong, a line per manifest. */
	private static List<String> errors(Manifests manifests) {
		List<String> errors = new ArrayList<>();
		for (Map<String, Object> document : manifests.documents()) {
			String name = document.get("kind") + " " + at(document, "metadata", "name");
			Class<?> type = TYPES.get(document.get("apiVersion") + "/" + document.get("kind"));
			if (type == null) {
				errors.add(name + ": no API type for " + document.get("apiVersion"));
				continue;
			}
			String error = error(document, type);
			if (error != null) {
				errors.add(name + ": " + error);
			}
		}
		return errors;
	}

	private static @Nullable String error(Map<String, Object> document, Class<?> type) {
		try {
			strict.convertValue(new HashMap<>(document), type);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	/**
	 * Takes away the models' catch-all for unknown fields ({@code additionalProperties}),
	 * so that an unknown field fails as {@code FAIL_ON_UNKNOWN_PROPERTIES} says.
	 */
	private static final class NoCatchAll extends BeanDeserializerModifier {

		@Override
		public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
				BeanDeserializerBuilder builder) {
			builder.setAnySetter(null);
			return builder;
		}

	}

}
