package dev.sixteen.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sixteen.Processes;
import dev.sixteen.TestCertificates;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.sixteen.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real blackbox exporter (Debian's {@code prometheus-blackbox-exporter}) on 127.0.0.1,
 * configured with the modules the chart ships (the {@code <fullname>-blackbox} ConfigMap
 * that {@code metrics.probe.enabled} renders), probes real servers: the exchange passes
 * against sixteen, plain and over TLS, and fails against a server with another reply and
 * against a port where nothing listens.
 */
class BlackboxProbeTests {

	private static final Path BINARY = Path.of("/usr/bin/prometheus-blackbox-exporter");

	private static final Pattern SUCCESS = Pattern.compile("(?m)^probe_success (\\S+)$");

	@TempDir
	static @Nullable Path directory;

	private static @Nullable Process exporter;

	private static int port;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static @Nullable TestCertificates certificates;

	@BeforeAll
	static void startTheExporterWithTheChartsModules() throws IOException {
		Path binary = require();
		Path dir = Objects.requireNonNull(directory);
		certificates = TestCertificates.create(dir.resolve("tls"), "probe");
		// the shipped modules, the CA's path as the exporter's pod would mount it here
		Manifests manifests = Chart.render(Map.of("metrics.probe.enabled", true,
				"metrics.probe.modules.sixteen_exchange_tls.tcp.tls_config.ca_file",
				certificates.path("ca.crt").toString()));
		String config = (String) at(manifests.one("ConfigMap", "sixteen-blackbox"), "data", "blackbox.yml");
		Path file = Files.writeString(dir.resolve("blackbox.yml"), config);
		port = RunningServer.freePort();
		Path log = dir.resolve("blackbox.log");
		exporter = new ProcessBuilder(binary.toString(), "--config.file=" + file,
				"--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			await("the blackbox exporter answers").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> exporter.isAlive() && get("/-/healthy").statusCode() == 200);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("the blackbox exporter did not start:\n" + Files.readString(log), ex);
		}
	}

	@AfterAll
	static void stop() {
		if (exporter != null) {
			Processes.stop(exporter);
		}
	}

	@Test
	void theExchangeModulePassesAgainstSixteenAndCountsNoFailure() {
		try (RunningServer server = RunningServer.start(serverArgs().toArray(String[]::new))) {
			assertThat(probe("sixteen_exchange", server.exchangePort())).isEqualTo("1");
			assertThat(probe("sixteen_exchange", server.exchangePort())).isEqualTo("1");

			// the exporter writes the message with a newline: the server reads its 16
			// octets
			// and counts an exchange, not a failure
			assertThat(metric(server, "sixteen_replies_sent_total")).isEqualTo(2);
			assertThat(metric(server, "sixteen_exchanges_failed_total")).isZero();
		}
	}

	@Test
	void theTlsModulePassesAgainstSixteenOverTls() {
		List<String> args = serverArgs();
		args.addAll(Objects.requireNonNull(certificates).bundle("sixteen", "server"));
		args.add("--sixteen.server.ssl.bundle=sixteen");
		try (RunningServer server = RunningServer.start(args.toArray(String[]::new))) {
			assertThat(probe("sixteen_exchange_tls", server.exchangePort())).isEqualTo("1");
			assertThat(probe("sixteen_exchange", server.exchangePort())).as("plain TCP to a TLS listener")
				.isEqualTo("0");
		}
	}

	@Test
	void failsAgainstAServerWithAnotherReply() {
		List<String> args = serverArgs();
		args.add("--sixteen.server.reply=Goodbye, client!");
		try (RunningServer server = RunningServer.start(args.toArray(String[]::new))) {
			assertThat(RunningServer.exchange(server.exchangePort())).isEqualTo("Goodbye, client!");

			assertThat(probe("sixteen_exchange", server.exchangePort())).isEqualTo("0");
		}
	}

	@Test
	void failsWhereNothingListens() {
		assertThat(probe("sixteen_exchange", RunningServer.freePort())).isEqualTo("0");
	}

	private static List<String> serverArgs() {
		return new ArrayList<>(List.of("--sixteen.server.host=127.0.0.1", "--sixteen.server.port=0",
				"--server.address=127.0.0.1", "--server.port=0"));
	}

	/**
	 * One probe through the exporter's HTTP API, as Prometheus scrapes it: probe_success.
	 */
	private static String probe(String module, int target) {
		String body = get("/probe?module=" + module + "&target="
				+ URLEncoder.encode("127.0.0.1:" + target, StandardCharsets.UTF_8))
			.body();
		Matcher success = SUCCESS.matcher(body);
		assertThat(success.find()).as("probe_success in %s", body).isTrue();
		return success.group(1);
	}

	private static double metric(RunningServer server, String name) {
		return server.get("/actuator/prometheus", "text/plain;version=0.0.4")
			.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static HttpResponse<String> get(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(15))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The exporter, or the test skipped, saying why, where it is missing; where
	 * {@code SIXTEEN_REQUIRE_BLACKBOX=true} (CI, {@code .ci/run}), a failure instead.
	 */
	private static Path require() {
		Optional<Path> binary = Optional.of(BINARY).filter(Files::isExecutable);
		String missing = BINARY + " is not installed (apt-get install -y prometheus-blackbox-exporter)";
		if (Boolean.parseBoolean(System.getenv("SIXTEEN_REQUIRE_BLACKBOX"))) {
			return binary
				.orElseThrow(() -> new IllegalStateException(missing + " but SIXTEEN_REQUIRE_BLACKBOX is set"));
		}
		Assumptions.assumeTrue(binary.isPresent(), missing + ": skipping the probes");
		return binary.orElseThrow();
	}

}
