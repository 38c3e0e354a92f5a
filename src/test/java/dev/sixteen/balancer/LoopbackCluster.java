package dev.sixteen.balancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Server instances behind one real HAProxy on 127.0.0.1, with a balancing algorithm of
 * the caller's: the loopback stand-in for a Deployment behind a Service. Every instance
 * is in HAProxy's configuration from the start, each health-checked on its readiness, so
 * that one launched later is DOWN until it is ready, as a pod is out of the Service's
 * endpoints until its readiness probe passes.
 */
final class LoopbackCluster implements AutoCloseable {

	private static final Duration HAPROXY_NOTICES = Duration.ofSeconds(30);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<ServerInstance> instances;

	private @Nullable Haproxy haproxy;

	private LoopbackCluster(List<ServerInstance> instances) {
		this.instances = instances;
	}

	/**
	 * Describes the instances {@code a}, {@code b}, ... and starts HAProxy in front of
	 * them; none is launched.
	 * @param directory where HAProxy's files and the instances' logs go
	 * @param balance HAProxy's {@code balance} algorithm: {@code roundrobin},
	 * {@code leastconn}
	 * @param count how many instances
	 * @param settings Spring arguments of every instance
	 * @return the cluster
	 */
	static LoopbackCluster create(Path directory, String balance, int count, List<String> settings) throws IOException {
		List<ServerInstance> instances = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			instances
				.add(new ServerInstance(String.valueOf((char) ('a' + i)), freePort(), freePort(), directory, settings));
		}
		LoopbackCluster cluster = new LoopbackCluster(instances);
		String servers = instances.stream()
			.map((server) -> "    server %s 127.0.0.1:%d check port %d".formatted(server.name(), server.port(),
					server.httpPort()))
			.collect(Collectors.joining("\n"));
		int port = freePort();
		cluster.haproxy = Haproxy.start(Haproxy.require(), directory, port, """
				listen %s
				    bind 127.0.0.1:%d
				    balance %s
				    option httpchk GET /actuator/health/readiness
				    http-check expect status 200
				    default-server inter %dms fall %d rise 2
				%s
				""".formatted(Haproxy.PROXY, port, balance, Haproxy.CHECK_INTER.toMillis(), Haproxy.CHECK_FALL,
				servers));
		return cluster;
	}

	List<ServerInstance> instances() {
		return this.instances;
	}

	ServerInstance instance(String name) {
		return this.instances.stream()
			.filter((server) -> server.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no instance " + name));
	}

	Haproxy haproxy() {
		if (this.haproxy == null) {
			throw new IllegalStateException("HAProxy not started");
		}
		return this.haproxy;
	}

	/** Launches instances and waits until HAProxy sees each UP. */
	void launch(String... names) throws IOException {
		for (String name : names) {
			instance(name).launch();
		}
		for (String name : names) {
			instance(name).awaitListening();
			awaitStatus(name, "UP");
		}
	}

	void awaitStatus(String name, String status) {
		await("HAProxy to see " + name + " " + status).atMost(HAPROXY_NOTICES)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> haproxy().status(name).equals(status));
	}

	/**
	 * The replies an instance has sent since it started, from its actuator
	 * ({@code sixteen_replies_sent_total}).
	 * @param name the instance
	 * @return its count
	 */
	long replies(String name) {
		ServerInstance server = instance(name);
		try {
			String body = http
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			return body.lines()
				.filter((line) -> line.startsWith("sixteen_replies_sent_total"))
				.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The replies of the named instances, in that order. */
	Map<String, Long> replies(List<String> names) {
		Map<String, Long> replies = new LinkedHashMap<>();
		names.forEach((name) -> replies.put(name, replies(name)));
		return replies;
	}

	/** What HAProxy and every instance logged last, for a failure's message. */
	String tails() {
		StringBuilder tails = new StringBuilder((this.haproxy != null) ? this.haproxy.tail() : "");
		this.instances.forEach((server) -> tails.append(server.tails()));
		return tails.toString();
	}

	@Override
	public void close() throws InterruptedException {
		try {
			if (this.haproxy != null) {
				this.haproxy.close();
			}
		}
		finally {
			for (ServerInstance server : this.instances) {
				server.kill();
			}
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
