package dev.sixteen.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts of the chart's PrometheusRule, checked and unit-tested by the real promtool
 * against made-up series.
 */
class AlertRulesTests {

	@TempDir
	Path directory;

	@Test
	void rulesPassPromtoolCheck() throws IOException {
		Path rules = writeRules(false);

		PrometheusTools.Outcome check = PrometheusTools.promtool("", this.directory, "check", "rules",
				rules.toString());

		assertThat(check.output()).contains("SUCCESS: 3 rules found");
		assertThat(check.exitCode()).as(check.output()).isZero();
	}

	@Test
	void alertsFireOnTheirConditionsAndOnlyThen() throws IOException {
		writeRules(true);
		Path tests = this.directory.resolve("tests.yaml");
		try (InputStream resource = AlertRulesTests.class.getResourceAsStream("alert-rules-tests.yaml")) {
			Files.copy(Objects.requireNonNull(resource), tests);
		}

		PrometheusTools.Outcome test = PrometheusTools.promtool("", this.directory, "test", "rules", tests.toString());

		assertThat(test.output()).contains("SUCCESS");
		assertThat(test.exitCode()).as(test.output()).isZero();
	}

	/**
	 * Writes the rendered PrometheusRule's groups as a Prometheus rule file.
	 * @param withoutAnnotations leave the annotations out, for unit tests that compare
	 * labels only (promtool would otherwise compare the rendered descriptions too)
	 */
	private Path writeRules(boolean withoutAnnotations) throws IOException {
		Manifests manifests = Chart.render("servicemonitor-values.yaml");
		List<?> groups = (List<?>) at(manifests.one("PrometheusRule"), "spec", "groups");
		if (withoutAnnotations) {
			for (Object group : groups) {
				for (Object rule : (List<?>) map(group).get("rules")) {
					map(rule).remove("annotations");
				}
			}
		}
		return Files.writeString(this.directory.resolve("rules.yaml"), new Yaml().dump(Map.of("groups", groups)));
	}

}
