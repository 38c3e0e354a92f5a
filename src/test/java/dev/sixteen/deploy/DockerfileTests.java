package dev.sixteen.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
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
			.anyMatch((line) -> line.contains("-Djarmode=tools") && line.contains("extract --layers"));
		assertThat(this.instructions).filteredOn((line) -> line.startsWith("COPY --from=build"))
			.extracting((line) -> line.replaceAll(".*/extracted/([a-z-]+)/.*", "$1"))
			.containsExactly("dependencies", "snapshot-dependencies", "application");
	}

	@Test
	void runsTheApplicationJarWithItsLibrariesBesideIt() {
		// the AOT cache takes jars only: the extracted jar and lib/, not JarLauncher's
		// directory of classes
		assertThat(this.instructions).filteredOn((line) -> line.contains("-Djarmode=tools"))
			.singleElement(InstanceOfAssertFactories.STRING)
			.doesNotContain("--launcher");
		assertThat(entrypoint()).containsSubsequence("-jar", pom("/project/build/finalName") + ".jar");
	}

	@Test
	void trainsTheAotCacheOnTheRuntimeJvmWithTheEntrypointsCommand() {
		List<String> runtime = stage(2);
		String training = runtime.stream()
			.filter((line) -> line.startsWith("RUN ") && line.contains("-XX:AOTCacheOutput="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no training run (-XX:AOTCacheOutput) in the runtime stage"));
		List<String> trainingCommand = command(training);
		String cache = entrypoint().stream()
			.filter((option) -> option.startsWith("-XX:AOTCache="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the ENTRYPOINT uses no AOT cache (-XX:AOTCache)"))
			.substring("-XX:AOTCache=".length());
		List<String> trainingOnly = List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh");

		assertThat(trainingCommand).containsAll(trainingOnly);
		assertThat(without(trainingCommand, trainingOnly)).as("the training run's command without its own options")
			.isEqualTo(without(entrypoint(), List.of("-XX:AOTCache=" + cache)));
		assertThat(runtime.indexOf(training)).as("trained after the last layer is in place")
			.isGreaterThan(lastIndexOf(runtime, "COPY "));
		// not a tmpfs on /tmp: buildah 1.28 (Debian 12's podman build) drops the mount
		// point from the image (containers/buildah#4739); ImageBuildTests builds it
		assertThat(training).as("the training run's /tmp stays out of the image")
			.doesNotContain("--mount=type=tmpfs")
			.endsWith("&& find /tmp -mindepth 1 -delete");
	}

	@Test
	void labelsTheImageWithThePomsNameDescriptionAndVersion() {
		Map<String, String> labels = labels(stage(2));

		assertThat(labels)
			.containsKeys("org.opencontainers.image.title", "org.opencontainers.image.description",
					"org.opencontainers.image.version", "org.opencontainers.image.revision",
					"org.opencontainers.image.source")
			.containsEntry("org.opencontainers.image.title", pom("/project/name"))
			.containsEntry("org.opencontainers.image.description", pom("/project/description"))
			.containsEntry("org.opencontainers.image.version", "${VERSION}");
		assertThat(this.instructions).as("the default VERSION is the pom's")
			.contains("ARG VERSION=" + pom("/project/version"));
		assertThat(stage(1)).as("the build refuses a VERSION that is not the pom's")
			.anyMatch((line) -> line.startsWith("RUN ") && line.contains("build.version=${VERSION}")
					&& line.contains("build-info.properties"));
	}

	@Test
	void aNewRevisionRebuildsNoLayerOfTheRuntimeStage() {
		// a RUN sees the build arguments declared before it, and its cache key with them
		List<String> runtime = stage(2);
		int firstArg = runtime.stream()
			.filter((line) -> line.startsWith("ARG "))
			.findFirst()
			.map(runtime::indexOf)
			.orElseThrow();

		assertThat(firstArg).as("the runtime stage's first ARG comes after its last RUN and COPY")
			.isGreaterThan(lastIndexOf(runtime, "RUN "))
			.isGreaterThan(lastIndexOf(runtime, "COPY "));
	}

	@Test
	void declaresEachBuildArgumentInTheStageThatUsesIt() {
		// a global ARG that a stage does not declare again expands to nothing there
		for (int stage = 1; stage <= 2; stage++) {
			List<String> lines = stage(stage);
			Matcher used = Pattern.compile("\\$\\{(\\w+)}").matcher(String.join("\n", lines));
			while (used.find()) {
				assertThat(lines).as("stage %d uses ${%s}", stage, used.group(1)).contains("ARG " + used.group(1));
			}
		}
	}

	private String last(String instruction) {
		return this.instructions.stream()
			.filter((line) -> line.startsWith(instruction + " "))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no " + instruction + " in the Dockerfile"));
	}

	/**
	 * The instructions of a stage.
	 * @param number 1 for the first {@code FROM}'s
	 * @return from its {@code FROM} to the next
	 */
	private List<String> stage(int number) {
		List<List<String>> stages = new ArrayList<>();
		for (String line : this.instructions) {
			if (line.startsWith("FROM ")) {
				stages.add(new ArrayList<>());
			}
			if (!stages.isEmpty()) {
				stages.get(stages.size() - 1).add(line);
			}
		}
		assertThat(stages).as("stages").hasSizeGreaterThanOrEqualTo(number);
		return stages.get(number - 1);
	}

	/** The exec-form ENTRYPOINT's words. */
	private List<String> entrypoint() {
		String array = last("ENTRYPOINT").substring("ENTRYPOINT ".length());
		assertThat(array).as("exec form").matches("\\[\\s*\"[^\"]*\"(\\s*,\\s*\"[^\"]*\")*\\s*]");
		List<String> words = new ArrayList<>();
		Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(array);
		while (word.find()) {
			words.add(word.group(1));
		}
		return words;
	}

	/** A shell-form RUN's first command's words, without RUN and its --mount options. */
	private static List<String> command(String run) {
		return Arrays.stream(run.split("&&")[0].strip().split("\\s+"))
			.skip(1)
			.filter((word) -> !word.startsWith("--mount="))
			.toList();
	}

	private static List<String> without(List<String> words, List<String> left) {
		return words.stream().filter((word) -> !left.contains(word)).toList();
	}

	private static int lastIndexOf(List<String> lines, String prefix) {
		int index = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith(prefix)) {
				index = i;
			}
		}
		return index;
	}

	/** The labels a stage sets: {@code LABEL key="value" key="value"}. */
	private static Map<String, String> labels(List<String> stage) {
		Map<String, String> labels = new LinkedHashMap<>();
		for (String line : stage) {
			if (line.startsWith("LABEL ")) {
				Matcher label = Pattern.compile("([\\w.-]+)=\"([^\"]*)\"").matcher(line);
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
		}
		return labels;
	}

	/**
	 * A value of pom.xml, such as {@code /project/version} (the project's, not the
	 * parent's).
	 */
	private static String pom(String path) {
		try {
			Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
			String value = XPathFactory.newInstance().newXPath().evaluate(path, pom).strip();
			assertThat(value).as("pom.xml " + path).isNotEmpty();
			return value;
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot read " + path + " from pom.xml", ex);
		}
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
