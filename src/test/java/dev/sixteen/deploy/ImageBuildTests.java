package dev.sixteen.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile built by podman (buildah, {@code --isolation=chroot}), and the image's
 * layout read from its saved layers: no container is started, and no registry is reached.
 * The eclipse-temurin base images are stood in for by a local image of the same layout
 * ({@code src/test/image/temurin-stand-in.sh}: this machine's Temurin 25 JDK at
 * {@code /opt/java/openjdk} over a small Debian userland), built into a store of the
 * test's own under {@code target/}, so that the machine's images are left alone. The
 * build stage runs the Maven wrapper against Maven Central, and the runtime stage its
 * real AOT training run.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ImageBuildTests {

	private static final Path JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	private static final String IMAGE = "localhost/sixteen:image-build-tests";

	private static final long BUILD_TIMEOUT_MINUTES = 15;

	private final Path work = Path.of("target/image-build-tests").toAbsolutePath();

	private Path podman;

	/**
	 * podman's run root (its locks and mounts), in the system's temporary directory:
	 * podman refuses a run root longer than 50 characters, which one under a clone's
	 * {@code target/} easily is.
	 */
	private Path runRoot;

	private OciImage image;

	@BeforeAll
	void buildTheImage() throws IOException {
		this.podman = requirePodman();
		Assumptions.assumeTrue(Files.isExecutable(JDK.resolve("bin/java")),
				"no Temurin 25 JDK at " + JDK + " for the stand-in base image: skipping the image build");
		deleteRecursively(this.work);
		Files.createDirectories(this.work);
		this.runRoot = Files.createTempDirectory(Path.of("/tmp"), "sixteen-podman");
		Path rootfs = this.work.resolve("base/rootfs");
		run(Path.of("."), Path.of("src/test/image/temurin-stand-in.sh").toAbsolutePath().toString(), rootfs.toString(),
				JDK.toString());
		Files.writeString(this.work.resolve("base/Containerfile"), """
				FROM scratch
				COPY rootfs/ /
				ENV JAVA_HOME=/opt/java/openjdk \\
				    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
				""");
		podman(this.work.resolve("base"), "build", "--isolation=chroot", "-t",
				"docker.io/library/eclipse-temurin:25-jdk", ".");
		podman(this.work, "tag", "docker.io/library/eclipse-temurin:25-jdk",
				"docker.io/library/eclipse-temurin:25-jre");
		podman(Path.of("."), "build", "--isolation=chroot", "--pull=never", "-t", IMAGE, ".");
		podman(this.work, "save", "--format", "oci-dir", "-o", this.work.resolve("image").toString(), IMAGE);
		this.image = OciImage.read(this.work.resolve("image"));
	}

	@AfterAll
	void removeTheStore() throws IOException {
		if (this.image != null) {
			podman(this.work, "rmi", "--all", "--force");
			deleteRecursively(this.work);
		}
		if (this.runRoot != null) {
			deleteRecursively(this.runRoot);
		}
	}

	@Test
	void hasATmpThatEveryUserMayWriteAndTheTrainingRunLeftEmpty() {
		OciImage.Entry tmp = this.image.file("tmp");

		assertThat(tmp).as("/tmp in the image").isNotNull();
		assertThat(tmp.isDirectory()).as("/tmp is a directory").isTrue();
		assertThat(Integer.toOctalString(tmp.mode())).as("/tmp's mode").isEqualTo("1777");
		assertThat(this.image.under("tmp")).as("what the build left in /tmp").isEmpty();
	}

	@Test
	void shipsTheAotCacheWhereTheEntrypointLooksForIt() {
		List<Object> entrypoint = List.copyOf((List<?>) this.image.config().get("Entrypoint"));
		String cache = entrypoint.stream()
			.map(String::valueOf)
			.filter((word) -> word.startsWith("-XX:AOTCache="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no -XX:AOTCache= in the ENTRYPOINT " + entrypoint))
			.substring("-XX:AOTCache=".length());
		String directory = String.valueOf(this.image.config().get("WorkingDir")).replaceFirst("^/", "");
		OciImage.Entry file = this.image.file(directory + "/" + cache);

		assertThat(file).as("/%s/%s in the image", directory, cache).isNotNull();
		assertThat(file.isRegularFile()).isTrue();
		assertThat(file.size()).as("the cache's size").isGreaterThan(10L * 1024 * 1024);
		assertThat(file.mode() & 0004).as("the cache is readable by the runtime user").isNotZero();
		assertThat(this.image.file(directory + "/sixteen.jar")).as("the jar beside it").isNotNull();
		assertThat(this.image.config().get("User")).isEqualTo("10001:10001");
	}

	@Test
	void startsAsTheRuntimeUserFromTheCacheWithATmpItCanWrite() throws IOException {
		// A RUN on top of the image runs as its USER, in its WorkingDir: the ENTRYPOINT's
		// command up to a refreshed context (Tomcat's tempDir and hsperfdata in /tmp),
		// with the cache's log, from Spring AOT's generated code; no container is started
		String entrypoint = ((List<?>) this.image.config().get("Entrypoint")).stream()
			.map((word) -> "\"" + word + "\"")
			.collect(Collectors.joining(", "));
		Path probe = Files.createDirectories(this.work.resolve("probe"));
		Files.writeString(probe.resolve("Containerfile"), """
				FROM %s
				ENV JAVA_TOOL_OPTIONS="-Xlog:aot -Dspring.context.exit=onRefresh"
				RUN [%s]
				""".formatted(IMAGE, entrypoint));

		String output = podman(probe, "build", "--isolation=chroot", "--pull=never", "--no-cache", ".");

		assertThat(output).contains("Opened AOT cache")
			.contains("Starting AOT-processed ServerApplication")
			.doesNotContain("[error][aot]")
			.doesNotContain("Unable to create tempDir");
	}

	/**
	 * The podman binary, or the test skipped, saying why, where it is missing; where
	 * {@code SIXTEEN_REQUIRE_PODMAN=true} (CI, {@code .ci/run}), a failure instead.
	 */
	private static Path requirePodman() {
		Optional<Path> binary = Stream
			.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/bin"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "podman"))
			.filter(Files::isExecutable)
			.findFirst();
		String missing = "podman is not installed (apt-get install -y podman buildah)";
		if (Boolean.parseBoolean(System.getenv("SIXTEEN_REQUIRE_PODMAN"))) {
			return binary.orElseThrow(() -> new IllegalStateException(missing + " but SIXTEEN_REQUIRE_PODMAN is set"));
		}
		Assumptions.assumeTrue(binary.isPresent(), missing + ": skipping the image build");
		return binary.orElseThrow();
	}

	/** Runs podman on the test's own store; fails with its output unless it exits 0. */
	private String podman(Path directory, String... args) {
		List<String> command = new ArrayList<>(
				List.of(this.podman.toString(), "--root", this.work.resolve("store/root").toString(), "--runroot",
						this.runRoot.toString(), "--storage-driver", "overlay",
						// no bind mount of the store over itself, which would keep the
						// directory busy
						"--storage-opt", "overlay.skip_mount_home=true"));
		command.addAll(List.of(args));
		return run(directory, command.toArray(String[]::new));
	}

	private String run(Path directory, String... command) {
		try {
			Path output = Files.createTempFile(Files.createDirectories(this.work), "command", ".log");
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("ran over " + BUILD_TIMEOUT_MINUTES + " minutes: " + List.of(command));
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as("%s exited with %d:%n%s", List.of(command), process.exitValue(), text)
				.isZero();
			return text;
		}
		catch (IOException ex) {
			throw new AssertionError("cannot run " + List.of(command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted: " + List.of(command), ex);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (Files.exists(directory)) {
			try (Stream<Path> paths = Files.walk(directory)) {
				for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
					Files.delete(path);
				}
			}
		}
	}

}
