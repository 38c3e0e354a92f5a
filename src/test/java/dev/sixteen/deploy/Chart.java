package dev.sixteen.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;

/**
 * The chart in {@code helm/sixteen}, rendered by real Helm (helm-java). helm-java's
 * template returns the release manifest without hooks, so rendering works on a copy of
 * the chart in {@code target/} whose test hook is a plain manifest; everything else is
 * the chart as it is.
 */
final class Chart {

	static final Path DIRECTORY = Path.of("helm", "sixteen");

	static final String RELEASE = "sixteen";

	static final String NAMESPACE = "sixteen-test";

	/** Above the chart's kubeVersion; helm-java's default is v1.20. */
	static final String KUBE_VERSION = "1.30.0";

	private static final Path COPY = Path.of("target", "helm-chart", "sixteen");

	private static boolean copied;

	private Chart() {
	}

	static Helm helm() {
		return new Helm(DIRECTORY);
	}

	/**
	 * Renders the chart.
	 * @param values values set as with {@code --set}
	 * @param valueFiles names of value files under {@code helm/sixteen/ci/}
	 * @return the rendered manifests, the test hook among them
	 */
	static Manifests render(Map<String, ?> values, String... valueFiles) {
		return Manifests.parse(template(values, valueFiles).call());
	}

	static Manifests render(String... valueFiles) {
		return render(Map.of(), valueFiles);
	}

	/**
	 * Renders the chart as Helm would for a cluster of another Kubernetes version.
	 * @param kubeVersion the version {@code .Capabilities.KubeVersion} reports
	 * @param values values set as with {@code --set}
	 * @return the rendered manifests
	 */
	static Manifests renderFor(String kubeVersion, Map<String, ?> values) {
		return Manifests.parse(template(values).withKubeVersion(kubeVersion).call());
	}

	/**
	 * Renders the chart with a values file from anywhere.
	 * @param valuesFile the file
	 * @return the rendered manifests
	 */
	static Manifests render(Path valuesFile) {
		return Manifests.parse(template(Map.of()).withValuesFile(valuesFile.toAbsolutePath()).call());
	}

	/**
	 * Renders the chart as another release.
	 * @param release the release's name
	 * @param namespace its namespace
	 * @param values values set as with {@code --set}
	 * @return the rendered manifests
	 */
	static Manifests renderRelease(String release, String namespace, Map<String, ?> values) {
		TemplateCommand template = template(values).withName(release).withNamespace(namespace);
		return Manifests.parse(template.call());
	}

	/**
	 * The notes Helm prints after an install (NOTES.txt), from a client-only dry run.
	 * @param values values set as with {@code --set}
	 * @return the notes
	 */
	static String notes(Map<String, ?> values) {
		InstallCommand install = helm().install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.clientOnly()
			.dryRun()
			.withDryRunOption(DryRun.CLIENT);
		for (Map.Entry<String, ?> value : values.entrySet()) {
			install = install.set(value.getKey(), value.getValue());
		}
		String output = install.call().getOutput();
		int notes = output.indexOf("NOTES:");
		if (notes < 0) {
			throw new AssertionError("no NOTES in Helm's output:\n" + output);
		}
		return output.substring(notes);
	}

	/**
	 * Renders the chart, expecting Helm to refuse.
	 * @param values values set as with {@code --set}
	 * @return Helm's message
	 */
	static String renderError(Map<String, ?> values) {
		try {
			template(values).call();
		}
		catch (IllegalStateException ex) {
			return String.valueOf(ex.getMessage());
		}
		throw new AssertionError("Helm rendered the chart with " + values);
	}

	private static TemplateCommand template(Map<String, ?> values, String... valueFiles) {
		TemplateCommand template = new Helm(hooklessCopy()).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		for (String file : valueFiles) {
			template = template.withValuesFile(DIRECTORY.resolve("ci").resolve(file).toAbsolutePath());
		}
		for (Map.Entry<String, ?> value : values.entrySet()) {
			template = template.set(value.getKey(), value.getValue());
		}
		return template;
	}

	private static synchronized Path hooklessCopy() {
		if (!copied) {
			try {
				deleteRecursively(COPY);
				copyRecursively(DIRECTORY, COPY);
				Path hook = COPY.resolve("templates/tests/test-exchange.yaml");
				Files.writeString(hook, Files.readString(hook).replace("helm.sh/hook", "rendered-by-tests/hook"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			copied = true;
		}
		return COPY;
	}

	private static void copyRecursively(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) {
				Files.delete(path);
			}
		}
	}

}
