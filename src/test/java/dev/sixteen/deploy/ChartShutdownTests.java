package dev.sixteen.deploy;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.sixteen.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a pod leaves the Service, rendered for each Service type: the preStop sleep (before
 * SIGTERM, the pod still ready), the server's drain-delay (after SIGTERM, readiness down,
 * still accepting) and a grace period that holds both, the drain and a margin.
 */
class ChartShutdownTests {

	private static final Map<String, String> LOAD_BALANCER_LOCAL = Map.of("service.type", "LoadBalancer",
			"service.externalTrafficPolicy", "Local");

	@Test
	void clusterIpNeedsNoPreStopAndDrainsForTheEndpointPropagation() {
		Shutdown shutdown = Shutdown.of(Chart.render());

		assertThat(shutdown.lifecycle()).isNull();
		assertThat(shutdown.drainDelay()).isEqualTo("5s");
		assertThat(shutdown.grace()).isEqualTo(0 + 5 + 20 + 5);
	}

	@Test
	void externalTrafficPolicyClusterLeavesLikeClusterIp() {
		for (String type : List.of("NodePort", "LoadBalancer")) {
			Shutdown shutdown = Shutdown
				.of(Chart.render(Map.of("service.type", type, "service.externalTrafficPolicy", "Cluster")));

			assertThat(shutdown.lifecycle()).as(type).isNull();
			assertThat(shutdown.drainDelay()).as(type).isEqualTo("5s");
			assertThat(shutdown.grace()).as(type).isEqualTo(30);
		}
	}

	@Test
	void loadBalancerWithLocalStaysReadyThroughTheHealthChecksBeforeSigterm() {
		Shutdown shutdown = Shutdown.of(Chart.render(LOAD_BALANCER_LOCAL));

		assertThat(shutdown.lifecycle()).isEqualTo(Map.of("preStop", Map.of("sleep", Map.of("seconds", 35))));
		assertThat(shutdown.drainDelay()).as("readiness 5 s x 2, then propagation").isEqualTo("15s");
		assertThat(shutdown.grace()).isEqualTo(35 + 15 + 20 + 5);
	}

	@Test
	void nodePortWithLocalAcceptsUntilItsFailingReadinessReachesKubeProxy() {
		Shutdown defaults = Shutdown.of(Chart.render(Map.of("service.type", "NodePort")));
		Shutdown slowProbe = Shutdown.of(Chart.render(Map.of("service.type", "NodePort",
				"probes.readiness.periodSeconds", 3, "probes.readiness.failureThreshold", 4)));

		assertThat(defaults.lifecycle()).as("nothing health-checks a NodePort's nodes").isNull();
		assertThat(defaults.drainDelay()).isEqualTo("15s");
		assertThat(defaults.grace()).isEqualTo(0 + 15 + 20 + 5);
		assertThat(slowProbe.drainDelay()).isEqualTo((3 * 4 + 5) + "s");
		assertThat(slowProbe.grace()).isEqualTo(0 + 17 + 20 + 5);
	}

	@Test
	void preStopRunsSleepInTheImageBeforeKubernetes130() {
		Map<String, Object> before130 = Shutdown.of(Chart.renderFor("1.29.5", LOAD_BALANCER_LOCAL)).lifecycle();
		Map<String, Object> askedForExec = Shutdown
			.of(Chart.render(Map.of("service.type", "LoadBalancer", "shutdown.preStopHandler", "exec")))
			.lifecycle();
		Map<String, Object> askedForSleep = Shutdown
			.of(Chart.renderFor("1.29.5", Map.of("service.type", "LoadBalancer", "shutdown.preStopHandler", "sleep")))
			.lifecycle();

		assertThat(at(before130, "preStop")).isEqualTo(Map.of("exec", Map.of("command", List.of("sleep", "35"))));
		assertThat(askedForExec).isEqualTo(before130);
		assertThat(at(askedForSleep, "preStop")).isEqualTo(Map.of("sleep", Map.of("seconds", 35)));
	}

	@Test
	void preStopSleepIsAValue() {
		Shutdown clusterIp = Shutdown.of(Chart.render(Map.of("shutdown.preStopSleepSeconds", 12)));
		Shutdown noHook = Shutdown
			.of(Chart.render(Map.of("service.type", "LoadBalancer", "shutdown.preStopSleepSeconds", 0)));

		assertThat(at(clusterIp.lifecycle(), "preStop", "sleep", "seconds")).isEqualTo(12);
		assertThat(clusterIp.grace()).isEqualTo(12 + 5 + 20 + 5);
		assertThat(noHook.lifecycle()).isNull();
		assertThat(noHook.drainDelay()).isEqualTo("15s");
		assertThat(noHook.grace()).isEqualTo(0 + 15 + 20 + 5);
	}

	@Test
	void configDrainDelayOverridesTheChartsAndCountsInTheGrace() {
		Shutdown longer = Shutdown.of(Chart.render(Map.of("service.type", "LoadBalancer", "config.drain-delay", "1m")));
		Shutdown millis = Shutdown.of(Chart.render(Map.of("config.drain-delay", "2500ms")));
		Shutdown none = Shutdown.of(Chart.render(Map.of("config.drain-delay", "0s")));

		assertThat(longer.drainDelay()).isEqualTo("1m");
		assertThat(longer.grace()).isEqualTo(35 + 60 + 20 + 5);
		assertThat(millis.drainDelay()).isEqualTo("2500ms");
		assertThat(millis.grace()).as("rounded up").isEqualTo(0 + 3 + 20 + 5);
		assertThat(none.grace()).isEqualTo(0 + 0 + 20 + 5);
	}

	@Test
	void graceFollowsTheShutdownTimeoutAndTheMargin() {
		assertThat(Shutdown.of(Chart.render(Map.of("config.shutdown-timeout", "45s"))).grace()).isEqualTo(5 + 45 + 5);
		assertThat(Shutdown.of(Chart.render(Map.of("config.shutdown-timeout", "2500ms"))).grace()).isEqualTo(5 + 3 + 5);
		assertThat(Shutdown.of(Chart.render(Map.of("config.shutdown-timeout", "1m", "shutdown.marginSeconds", 10,
				"shutdown.preStopSleepSeconds", 10)))
			.grace()).isEqualTo(10 + 5 + 60 + 10);
	}

	@Test
	void aGivenGracePeriodIsUsedAsItIs() {
		assertThat(Shutdown.of(Chart.render(Map.of("shutdown.terminationGracePeriodSeconds", 90))).grace())
			.isEqualTo(90);
		assertThat(Shutdown
			.of(Chart.render(Map.of("service.type", "LoadBalancer", "shutdown.terminationGracePeriodSeconds", 51)))
			.grace()).isEqualTo(51);
	}

	/**
	 * What the Deployment and the rendered application.yml say about shutting down.
	 *
	 * @param lifecycle the server container's lifecycle hooks, or null for none
	 * @param drainDelay sixteen.server.drain-delay in the application.yml
	 * @param grace the pod's terminationGracePeriodSeconds
	 */
	private record Shutdown(@Nullable Map<String, Object> lifecycle, @Nullable Object drainDelay,
			@Nullable Object grace) {

		@SuppressWarnings("unchecked")
		static Shutdown of(Manifests manifests) {
			return new Shutdown((Map<String, Object>) manifests.serverContainer().get("lifecycle"),
					at(manifests.applicationYaml(), "sixteen", "server", "drain-delay"),
					manifests.podSpec().get("terminationGracePeriodSeconds"));
		}

	}

}
