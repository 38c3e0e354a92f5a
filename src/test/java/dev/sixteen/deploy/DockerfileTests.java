package dev.sixteen.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static dev.sixteen.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile agrees with the chart and the service: there is no Docker engine here to
 * build it, so what the chart relies on is checked in its text.
 */
class DockerfileTests {

	private final List<String> instructions = instructions();

	@Test
	void helmTestRunsTheImagesEntrypointInClientMode() {
		Map<String, Object> pod = Chart.render().one("Pod");
		Map<String, Object> testContainer = Manifests.map(at(pod, "spec", "containers", 0));

		assertThat(last("ENTRYPOINT")).startsWith("ENTRYPOINT [\"");
		assertThat(this.instructions).noneMatch((line) -> line.startsWith("CMD "));
		assertThat(testContainer).doesNotContainKeys("command", "workingDir");
		assertThat(testContainer.get("args")).asInstanceOf(InstanceOfAssertFactories.LIST).startsWith("client");
		assertThat(new Yaml().dump(pod)).doesNotContain("/bin/sh", "/app", "JarLauncher");
	}

	@Test
	void runsAsTheNumericUserTheChartRunsAs() {
		Map<String, Object> pod = Manifests.map(Chart.render().podSpec().get("securityContext"));

		assertThat(last("USER")).isEqualTo("USER " + pod.get("runAsUser") + ":" + pod.get("runAsGroup"));
	}

	@Test
	void exposesTheServicesDefaultPorts() throws IOException {
		// the first document of application.yml: the defaults, before the client profile
		Map<String, Object> defaults = Manifests
			.map(new Yaml().loadAll(Files.readString(Path.of("src/main/resources/application.yml"))).iterator().next());

		assertThat(last("EXPOSE"))
			.isEqualTo("EXPOSE " + at(defaults, "sixteen", "server", "port") + " " + at(defaults, "server", "port"));
		assertThat(Chart.render().serverContainer().get("ports")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.extracting((port) -> at(port, "containerPort"))
			.containsExactly(at(defaults, "sixteen", "server", "port"), at(defaults, "server", "port"));
	}

	@Test
	void buildsWithTheWrapperAndRunsTheLayersOnAJava25Jre() {
		assertThat(this.instructions).filteredOn((line) -> line.startsWith("FROM "))
			.containsExactly("FROM eclipse-temurin:25-jdk AS build", "FROM eclipse-temurin:25-jre");
		assertThat(this.instructions).anyMatch((line) -> line.startsWith("RUN ") && line.contains("./mvnw"))
			.anyMatch((line) -> line.contains("-Djarmode=tools") && line.contains("extract --layers --launcher"));
		assertThat(this.instructions).filteredOn((line) -> line.startsWith("COPY --from=build"))
			.extracting((line) -> line.replaceAll(".*/extracted/([a-z-]+)/.*", "$1"))
			.containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
	}

	private String last(String instruction) {
		return this.instructions.stream()
			.filter((line) -> line.startsWith(instruction + " "))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no " + instruction + " in the Dockerfile"));
	}

	/** The Dockerfile's instructions, continuation lines joined, comments left out. */
	private static List<String> instructions() {
		try {
			String text = Files.readString(Path.of("Dockerfile")).replaceAll("\\\\\n\\s*", " ");
			return text.lines().map(String::strip).filter((line) -> !line.isEmpty() && !line.startsWith("#")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
