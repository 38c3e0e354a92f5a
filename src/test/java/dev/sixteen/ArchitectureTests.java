package dev.sixteen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages show the parts: no package of {@code src/main/java} reaches, through its
 * imports, a package that reaches back to it; the root package holds the entry point
 * only; each package says what it is for and is {@code @NullMarked}.
 */
class ArchitectureTests {

	private static final Path MAIN = Path.of("src/main/java");

	private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

	private static final Pattern IMPORT = Pattern
		.compile("^import (?:static )?(dev\\.sixteen(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

	@Test
	void noPackageReachesAPackageThatReachesBack() {
		Map<String, Set<String>> imports = imports();
		List<String> cycles = new ArrayList<>();
		for (String from : imports.keySet()) {
			for (String to : imports.get(from)) {
				if (from.compareTo(to) < 0 && reaches(imports, to, from)) {
					cycles.add(from + " <-> " + to);
				}
			}
		}
		assertThat(imports).as("packages found").containsKeys("dev.sixteen", "dev.sixteen.server");
		assertThat(cycles).as("packages that reach each other through imports").isEmpty();
	}

	@Test
	void theRootPackageHoldsTheEntryPointOnly() throws IOException {
		try (Stream<Path> files = Files.list(MAIN.resolve("dev/sixteen"))) {
			assertThat(files.filter(Files::isRegularFile).map((file) -> file.getFileName().toString()))
				.containsExactlyInAnyOrder("SixteenApplication.java", "package-info.java");
		}
	}

	@Test
	void everyPackageSaysWhatItIsForAndIsNullMarked() {
		for (String name : imports().keySet()) {
			Path info = MAIN.resolve(name.replace('.', '/')).resolve("package-info.java");
			assertThat(info).as(name).exists();
			assertThat(read(info)).as(name).startsWith("/**\n * ").contains("@NullMarked\npackage " + name + ";");
		}
	}

	/** Each package of sixteen's main code, and the packages of sixteen it imports. */
	private static Map<String, Set<String>> imports() {
		Map<String, Set<String>> imports = new TreeMap<>();
		try (Stream<Path> files = Files.walk(MAIN)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
				String source = read(file);
				Matcher declared = PACKAGE.matcher(source);
				assertThat(declared.find()).as("%s declares its package", file).isTrue();
				String from = declared.group(1);
				Set<String> to = imports.computeIfAbsent(from, (key) -> new TreeSet<>());
				Matcher imported = IMPORT.matcher(source);
				while (imported.find()) {
					if (!imported.group(1).equals(from)) {
						to.add(imported.group(1));
					}
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return imports;
	}

	private static boolean reaches(Map<String, Set<String>> imports, String from, String to) {
		Set<String> seen = new HashSet<>();
		List<String> next = new ArrayList<>(List.of(from));
		while (!next.isEmpty()) {
			String current = next.remove(next.size() - 1);
			if (current.equals(to)) {
				return true;
			}
			if (seen.add(current)) {
				next.addAll(imports.getOrDefault(current, Set.of()));
			}
		}
		return false;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
