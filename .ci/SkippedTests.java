import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fails when a test was skipped that the allow-list does not name.
 *
 * <pre>java .ci/SkippedTests.java target/surefire-reports .ci/allowed-skips</pre>
 */
public class SkippedTests {

	private static final Pattern SUITE = Pattern.compile("<testsuite [^>]*name=\"([^\"]*)\"[^>]*tests=\"(\\d+)\"");

	private static final Pattern TESTCASE = Pattern
		.compile("<testcase name=\"([^\"]*)\" classname=\"([^\"]*)\"[^>]*>\\s*<skipped([^>]*)>(?:<!\\[CDATA\\[)?([^\n]*)");

	public static void main(String[] args) throws IOException {
		Set<String> allowed;
		try (Stream<String> lines = Files.lines(Path.of(args[1]))) {
			allowed = lines.map(String::strip).filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.map((line) -> line.split("\\s+")[0])
				.collect(Collectors.toSet());
		}
		List<String> skipped = new ArrayList<>();
		int reports = 0;
		try (Stream<Path> files = Files.list(Path.of(args[0]))) {
			for (Path report : files.filter((f) -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
				reports++;
				String xml = Files.readString(report);
				Matcher suite = SUITE.matcher(xml);
				if (suite.find() && suite.group(2).equals("0") && !allowed.contains(suite.group(1))) {
					// a class whose @BeforeAll assumption failed is reported with no test at all
					skipped.add(suite.group(1) + ": no test ran");
				}
				Matcher test = TESTCASE.matcher(xml);
				while (test.find()) {
					String name = test.group(2) + "#" + test.group(1).replaceAll("\\(.*", "");
					if (!allowed.contains(name)) {
						skipped.add(name + ": " + (test.group(3).contains("message=") ? test.group(3).strip() : test.group(4)));
					}
				}
			}
		}
		if (reports == 0) {
			System.err.println("No test reports in " + args[0]);
			System.exit(1);
		}
		if (!skipped.isEmpty()) {
			System.err.println("Skipped tests that " + args[1] + " does not allow:");
			skipped.forEach((line) -> System.err.println("  " + line));
			System.exit(1);
		}
		System.out.println("No test skipped outside " + args[1] + " (" + reports + " test classes)");
	}

}
