package dev.sixteen.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart as {@code helm lint --strict} and its metadata see it.
 */
class ChartLintTests {

	@Test
	void passesStrictLint() {
		LintResult result = Chart.helm().lint().strict().call();

		assertThat(result.getMessages()).noneMatch((message) -> message.startsWith("[ERROR]"))
			.noneMatch((message) -> message.startsWith("[WARNING]"));
		assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
	}

	@Test
	void appVersionIsTheProjectVersion() throws Exception {
		Map<String, Object> chart = new Yaml().load(Files.readString(Chart.DIRECTORY.resolve("Chart.yaml")));

		assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "sixteen");
		assertThat(chart.get("appVersion")).isEqualTo(projectVersion());
	}

	@Test
	void schemaIsSelfContainedDraft07() throws Exception {
		String schema = Files.readString(Chart.DIRECTORY.resolve("values.schema.json"));

		assertThat(schema).contains("\"$schema\": \"http://json-schema.org/draft-07/schema#\"")
			.contains("\"additionalProperties\": false");
		assertThat(schema.replace("http://json-schema.org/draft-07/schema#", "")).doesNotContain("http://")
			.doesNotContain("https://");
	}

	/**
	 * The project's own version, not the parent's: a direct child of {@code <project>}.
	 */
	private static String projectVersion() throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
		NodeList children = pom.getDocumentElement().getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			Node child = children.item(i);
			if (child.getNodeType() == Node.ELEMENT_NODE && "version".equals(child.getNodeName())) {
				return child.getTextContent().trim();
			}
		}
		throw new AssertionError("pom.xml has no <version>");
	}

}
