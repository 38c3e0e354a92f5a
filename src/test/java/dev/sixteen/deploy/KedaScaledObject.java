package dev.sixteen.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import org.jspecify.annotations.Nullable;

/**
 * KEDA's {@code ScaledObject} ({@code keda.sh/v1alpha1}) as its CRD's OpenAPI schema has
 * it in KEDA v2.20.2 ({@code config/crd/bases/keda.sh_scaledobjects.yaml}): the spec's
 * fields, their types, and the constraints the API server checks ({@link #violations()}:
 * required fields, minimums, {@code minReplicaCount <= maxReplicaCount}). Written from
 * that schema for the test, not generated from it, and without {@code status}; the HPA
 * behavior is the Kubernetes type the CRD embeds, fabric8's. Read with
 * {@link ManifestSchemaTests#strict}, a misspelt field or a number where the schema wants
 * a string (a trigger's metadata values are all strings) is an error.
 */
record KedaScaledObject(String apiVersion, String kind, ObjectMeta metadata, @Nullable Spec spec) {

	static final String API_VERSION = "keda.sh/v1alpha1";

	/** What the API server would refuse, a line each; empty when nothing. */
	List<String> violations() {
		List<String> violations = new ArrayList<>();
		if (!API_VERSION.equals(this.apiVersion) || !"ScaledObject".equals(this.kind)) {
			violations.add("not a " + API_VERSION + " ScaledObject: " + this.apiVersion + " " + this.kind);
		}
		if (this.spec == null) {
			violations.add("spec: required");
			return violations;
		}
		this.spec.check(violations);
		return violations;
	}

	record Spec(@Nullable ScaleTargetRef scaleTargetRef, @Nullable Integer pollingInterval,
			@Nullable Integer initialCooldownPeriod, @Nullable Integer cooldownPeriod,
			@Nullable Integer idleReplicaCount, @Nullable Integer minReplicaCount, @Nullable Integer maxReplicaCount,
			@Nullable Advanced advanced, @Nullable List<Trigger> triggers, @Nullable Fallback fallback) {

		void check(List<String> violations) {
			if (this.scaleTargetRef == null || this.scaleTargetRef.name() == null
					|| this.scaleTargetRef.name().isEmpty()) {
				violations.add("spec.scaleTargetRef.name: required, at least 1 character");
			}
			minimum(violations, "spec.pollingInterval", this.pollingInterval, 1);
			minimum(violations, "spec.initialCooldownPeriod", this.initialCooldownPeriod, 0);
			minimum(violations, "spec.cooldownPeriod", this.cooldownPeriod, 0);
			minimum(violations, "spec.idleReplicaCount", this.idleReplicaCount, 0);
			minimum(violations, "spec.minReplicaCount", this.minReplicaCount, 0);
			minimum(violations, "spec.maxReplicaCount", this.maxReplicaCount, 1);
			// the CRD's x-kubernetes-validations rule, 100 being KEDA's default maximum
			int max = (this.maxReplicaCount != null) ? this.maxReplicaCount : 100;
			if (this.minReplicaCount != null && this.minReplicaCount > max) {
				violations.add("spec: minReplicaCount must be less than or equal to maxReplicaCount");
			}
			if (this.triggers == null || this.triggers.isEmpty()) {
				violations.add("spec.triggers: required, at least 1 item");
			}
			else {
				for (int i = 0; i < this.triggers.size(); i++) {
					this.triggers.get(i).check(violations, "spec.triggers[" + i + "]");
				}
			}
			if (this.fallback != null) {
				this.fallback.check(violations);
			}
			if (this.advanced != null && this.advanced.scalingModifiers() != null) {
				String metricType = this.advanced.scalingModifiers().metricType();
				if (metricType != null && !Set.of("AverageValue", "Value").contains(metricType)) {
					violations.add("spec.advanced.scalingModifiers.metricType: AverageValue or Value");
				}
			}
		}

	}

	record ScaleTargetRef(@Nullable String apiVersion, @Nullable String kind, @Nullable String name,
			@Nullable String envSourceContainerName) {
	}

	record Advanced(@Nullable Boolean restoreToOriginalReplicaCount,
			@Nullable HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig,
			@Nullable ScalingModifiers scalingModifiers) {
	}

	record HorizontalPodAutoscalerConfig(@Nullable String name, @Nullable HorizontalPodAutoscalerBehavior behavior) {
	}

	record ScalingModifiers(@Nullable String formula, @Nullable String target, @Nullable String activationTarget,
			@Nullable String metricType) {
	}

	record Trigger(@Nullable String type, @Nullable String name, @Nullable Boolean useCachedMetrics,
			@Nullable Map<String, String> metadata, @Nullable AuthenticationRef authenticationRef,
			@Nullable String metricType) {

		void check(List<String> violations, String path) {
			if (this.type == null || this.type.isEmpty()) {
				violations.add(path + ".type: required, at least 1 character");
			}
			if (this.metadata == null) {
				violations.add(path + ".metadata: required");
			}
			if (this.authenticationRef != null) {
				if (this.authenticationRef.name() == null) {
					violations.add(path + ".authenticationRef.name: required");
				}
				String kind = this.authenticationRef.kind();
				if (kind != null && !Set.of("TriggerAuthentication", "ClusterTriggerAuthentication").contains(kind)) {
					violations
						.add(path + ".authenticationRef.kind: TriggerAuthentication or ClusterTriggerAuthentication");
				}
			}
		}

	}

	record AuthenticationRef(@Nullable String name, @Nullable String kind) {
	}

	record Fallback(@Nullable Integer failureThreshold, @Nullable Integer replicas, @Nullable String behavior) {

		void check(List<String> violations) {
			if (this.failureThreshold == null || this.replicas == null) {
				violations.add("spec.fallback: failureThreshold and replicas required");
			}
			minimum(violations, "spec.fallback.failureThreshold", this.failureThreshold, 0);
			minimum(violations, "spec.fallback.replicas", this.replicas, 0);
			if (this.behavior != null && !Set
				.of("static", "currentReplicas", "currentReplicasIfHigher", "currentReplicasIfLower",
						"scalingModifiers")
				.contains(this.behavior)) {
				violations.add("spec.fallback.behavior: not one of the CRD's values");
			}
		}

	}

	private static void minimum(List<String> violations, String path, @Nullable Integer value, int minimum) {
		if (value != null && value < minimum) {
			violations.add(path + ": must be at least " + minimum + ", is " + value);
		}
	}

}
