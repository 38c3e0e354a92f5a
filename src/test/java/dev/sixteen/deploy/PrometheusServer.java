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
import java.util.Map;
import java.util.stream.Collectors;

import dev.sixteen.Processes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server on 127.0.0.1, with its configuration and storage in a
 * directory of its own, scraping one target every second. Stop it with {@link #close()}.
 */
final class PrometheusServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final int port;

	private final Path log;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PrometheusServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts Prometheus and waits until it is ready.
	 * @param directory its own directory, for configuration, data and log
	 * @param job the scrape job's name
	 * @param target host:port to scrape
	 * @param metricsPath the path to scrape
	 * @return the running server
	 */
	static PrometheusServer start(Path directory, String job, String target, String metricsPath) throws IOException {
		return start(directory, job, target, metricsPath, Map.of());
	}

	/**
	 * Starts Prometheus and waits until it is ready.
	 * @param directory its own directory, for configuration, data and log
	 * @param job the scrape job's name
	 * @param target host:port to scrape
	 * @param metricsPath the path to scrape
	 * @param labels labels the target's series get, as Kubernetes discovery gives a pod's
	 * ({@code namespace}, {@code pod})
	 * @return the running server
	 */
	static PrometheusServer start(Path directory, String job, String target, String metricsPath,
			Map<String, String> labels) throws IOException {
		Path config = directory.resolve("prometheus.yml");
		String targetLabels = labels.entrySet()
			.stream()
			.map((label) -> label.getKey() + ": \"" + label.getValue() + "\"")
			.collect(Collectors.joining(", ", "{", "}"));
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				scrape_configs:
				  - job_name: %s
				    metrics_path: %s
				    static_configs:
				      - targets: ["%s"]
				        labels: %s
				""".formatted(job, metricsPath, target, targetLabels));
		int port = RunningServer.freePort();
		Path log = directory.resolve("prometheus.log");
		Process process = new ProcessBuilder(PrometheusTools.require("prometheus").toString(),
				"--config.file=" + config, "--storage.tsdb.path=" + directory.resolve("data"),
				"--web.listen-address=127.0.0.1:" + port)
			.directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusServer prometheus = new PrometheusServer(process, port, log);
		try {
			await("Prometheus ready").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> prometheus.isAlive() && prometheus.status("/-/ready") == 200);
		}
		catch (RuntimeException ex) {
			prometheus.close();
			throw new IllegalStateException("Prometheus did not start; its log:\n" + prometheus.log(), ex);
		}
		return prometheus;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Runs an instant query through the HTTP API.
	 * @param promql the query
	 * @return the API's whole answer
	 */
	JsonNode query(String promql) {
		return json.readTree(body("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
	}

	/**
	 * The value of a query that yields one sample, or NaN while it yields none.
	 * @param promql the query
	 * @return the value
	 */
	double value(String promql) {
		JsonNode result = query(promql).path("data").path("result");
		return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asString());
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private int status(String path) throws IOException, InterruptedException {
		return this.http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private String body(String path) {
		try {
			return this.http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(5))
			.build();
	}

	/** Stops Prometheus: SIGTERM, then SIGKILL if it has not exited within 10 seconds. */
	@Override
	public void close() {
		Processes.stop(this.process);
	}

}
