package dev.sixteen.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static dev.sixteen.deploy.Manifests.at;
import static dev.sixteen.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts of the chart's PrometheusRule, checked and unit-tested by the real promtool
 * against made-up series ({@code alert-rules-tests.yaml}), and linked to their runbooks.
 */
class AlertRulesTests {

	private static final String UNIT_TESTS = "alert-rules-tests.yaml";

	@TempDir
	Path directory;

	private final Manifests manifests = Chart.render("servicemonitor-values.yaml");

	@Test
	void rulesPassPromtoolCheck() throws IOException {
		Path rules = writeRules(false);

		PrometheusTools.Outcome check = PrometheusTools.promtool("", this.directory, "check", "rules",
				rules.toString());

		assertThat(check.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
		assertThat(check.exitCode()).as(check.output()).isZero();
	}

	@Test
	void alertsFireOnTheirConditionsAndOnlyThen() throws IOException {
		writeRules(true);
		Path tests = this.directory.resolve("tests.yaml");
		try (InputStream resource = AlertRulesTests.class.getResourceAsStream(UNIT_TESTS)) {
			Files.copy(Objects.requireNonNull(resource), tests);
		}

		PrometheusTools.Outcome test = PrometheusTools.promtool("", this.directory, "test", "rules", tests.toString());

		assertThat(test.output()).contains("SUCCESS");
		assertThat(test.exitCode()).as(test.output()).isZero();
	}

	@Test
	void everyAlertIsUnitTestedFiringAndQuiet() throws IOException {
		Set<String> firing = new HashSet<>();
		Set<String> quiet = new HashSet<>();
		try (InputStream resource = AlertRulesTests.class.getResourceAsStream(UNIT_TESTS)) {
			Map<String, Object> unitTests = new Yaml().load(resource);
			for (Object test : (List<?>) unitTests.get("tests")) {
				for (Object check : (List<?>) map(test).get("alert_rule_test")) {
					String alert = (String) map(check).get("alertname");
					(((List<?>) map(check).get("exp_alerts")).isEmpty() ? quiet : firing).add(alert);
				}
			}
		}

		assertThat(firing).as("alerts seen firing").containsAll(alertNames());
		assertThat(quiet).as("alerts seen quiet").containsAll(alertNames());
	}

	@Test
	void everyAlertLinksItsSectionOfTheRunbooks() throws IOException {
		String base = "https://runbooks.example.com/sixteen.md";
		Manifests manifests = Chart.render(Map.of("metrics.prometheusRule.runbookUrl", base),
				"servicemonitor-values.yaml");
		List<String> headings = Files.readString(Path.of("docs", "runbooks.md"))
			.lines()
			.filter((line) -> line.startsWith("## "))
			.map((line) -> line.substring(3).strip())
			.toList();

		for (Object rule : rules(manifests)) {
			String alert = (String) map(rule).get("alert");
			assertThat(at(rule, "annotations", "runbook_url")).as(alert).isEqualTo(base + "#" + alert.toLowerCase());
			assertThat(headings).as("docs/runbooks.md headings").contains(alert);
		}
	}

	private List<String> alertNames() {
		List<String> names = new ArrayList<>();
		for (Object rule : rules(this.manifests)) {
			names.add((String) map(rule).get("alert"));
		}
		return names;
	}

	private static List<?> rules(Manifests manifests) {
		return (List<?>) at(manifests.one("PrometheusRule"), "spec", "groups", 0, "rules");
	}

	/**
	 * Writes the rendered PrometheusRule's groups as a Prometheus rule file.
	 * @param withoutAnnotations leave the annotations out, for unit tests that compare
	 * labels only (promtool would otherwise compare the rendered descriptions too)
	 */
	private Path writeRules(boolean withoutAnnotations) throws IOException {
		List<?> groups = (List<?>) at(this.manifests.one("PrometheusRule"), "spec", "groups");
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
