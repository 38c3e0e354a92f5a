package dev.sixteen.balancer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.sixteen.Processes;
import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A real HAProxy (Debian's {@code haproxy} package) on 127.0.0.1 in TCP mode, in front of
 * server instances: round robin, each instance health-checked over HTTP on its readiness
 * probe, a failed connect retried and, last, redispatched to another instance. Its
 * configuration, output and admin socket live in a directory of its own; the test reads
 * what HAProxy thinks of each instance from the admin socket ({@code show stat}).
 */
final class Haproxy implements AutoCloseable {

	/** The proxy's name in the configuration and in {@code show stat}. */
	static final String PROXY = "sixteen";

	/** Time between two health checks of an instance. */
	static final Duration CHECK_INTER = Duration.ofMillis(200);

	/** Failed checks in a row that mark an instance DOWN; as many passed mark it UP. */
	static final int CHECK_FALL = 2;

	/** Time a health check may take before it counts as failed. */
	static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

	private static final Pattern SESSION_SERVER = Pattern.compile(" srv=(\\S+)");

	/**
	 * A session logged in tcplog's format that ended normally (termination state
	 * {@code --}), redispatched or not: {@code 127.0.0.1:36098 [30/Nov/2026:06:14:55.213]
	 * sixteen sixteen/a 500/1/501 16 -- 9/9/8/8/+1 0/0}.
	 */
	private static final Pattern NORMAL_SESSION = Pattern.compile("^\\S+ \\[[^]]+] \\S+ \\S+ \\S+ \\d+ -- ");

	private final Process process;

	private final int port;

	private final Path socket;

	private final Path log;

	private Haproxy(Process process, int port, Path socket, Path log) {
		this.process = process;
		this.port = port;
		this.socket = socket;
		this.log = log;
	}

	/**
	 * The binary, or the calling test skipped, saying why, where it is missing; where
	 * {@code SIXTEEN_REQUIRE_HAPROXY=true} (CI, {@code .ci/run}), a failure instead.
	 * @return its path
	 */
	static Path require() {
		Optional<Path> binary = Stream
			.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
					Stream.of("/usr/sbin", "/usr/bin", "/usr/local/sbin"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "haproxy"))
			.filter(Files::isExecutable)
			.findFirst();
		String missing = "haproxy is not installed (apt-get install -y haproxy)";
		if (Boolean.parseBoolean(System.getenv("SIXTEEN_REQUIRE_HAPROXY"))) {
			return binary.orElseThrow(() -> new IllegalStateException(missing + " but SIXTEEN_REQUIRE_HAPROXY is set"));
		}
		Assumptions.assumeTrue(binary.isPresent(), missing + ": skipping the test behind a real balancer");
		return binary.orElseThrow();
	}

	/**
	 * Starts HAProxy and waits until its admin socket answers.
	 * @param binary the haproxy binary
	 * @param directory its own directory
	 * @param port the port it listens on for clients
	 * @param servers the instances behind it
	 * @return the running HAProxy
	 */
	static Haproxy start(Path binary, Path directory, int port, List<ServerInstance> servers) throws IOException {
		Path socket = directory.resolve("haproxy.sock");
		return start(binary, directory, port, socket, config(socket, port, servers));
	}

	/**
	 * Starts HAProxy with listen sections of the caller's, after the same global and
	 * default sections, and waits until its admin socket answers.
	 * @param binary the haproxy binary
	 * @param directory its own directory
	 * @param port the port its first listen section binds, on 127.0.0.1
	 * @param listen the listen sections
	 * @return the running HAProxy
	 */
	static Haproxy start(Path binary, Path directory, int port, String listen) throws IOException {
		Path socket = directory.resolve("haproxy.sock");
		return start(binary, directory, port, socket, sections(socket) + listen);
	}

	private static Haproxy start(Path binary, Path directory, int port, Path socket, String text) throws IOException {
		Path config = Files.writeString(directory.resolve("haproxy.cfg"), text);
		Path log = directory.resolve("haproxy.log");
		Process process = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
			.directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Haproxy haproxy = new Haproxy(process, port, socket, log);
		try {
			await("HAProxy's admin socket").atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> process.isAlive() && haproxy.command("show info").contains("Name: HAProxy"));
		}
		catch (RuntimeException ex) {
			haproxy.close();
			throw new IllegalStateException("HAProxy did not start:\n" + haproxy.tail(), ex);
		}
		return haproxy;
	}

	private static String config(Path socket, int port, List<ServerInstance> servers) {
		String backends = servers.stream()
			.map((server) -> "    server %s 127.0.0.1:%d check port %d".formatted(server.name(), server.port(),
					server.httpPort()))
			.collect(Collectors.joining("\n"));
		return sections(socket) + """
				listen %s
				    bind 127.0.0.1:%d
				    balance roundrobin
				    option httpchk GET /actuator/health/readiness
				    http-check expect status 200
				    default-server inter %dms fall %d rise 2
				%s
				""".formatted(PROXY, port, CHECK_INTER.toMillis(), CHECK_FALL, backends);
	}

	/**
	 * The global and default sections: TCP, an admin socket, and only sessions that end
	 * abnormally logged (dontlog-normal), with the health checks' verdicts.
	 */
	private static String sections(Path socket) {
		return """
				global
				    stats socket %s mode 600 level admin
				    log stdout format raw local0 info
				defaults
				    mode tcp
				    log global
				    option tcplog
				    option dontlog-normal
				    timeout connect 500ms
				    timeout client 15s
				    timeout server 15s
				    timeout check %dms
				    retries 3
				    option redispatch
				""".formatted(socket, CHECK_TIMEOUT.toMillis());
	}

	/** The port it listens on for clients, on 127.0.0.1. */
	int port() {
		return this.port;
	}

	/**
	 * HAProxy's status of a server: {@code UP}, {@code DOWN}, or a transition such as
	 * {@code UP 1/2}.
	 * @param server the server's name
	 * @return its status
	 */
	String status(String server) {
		return stat(server).getOrDefault("status", "?");
	}

	/**
	 * The server HAProxy relays a client's session to, from {@code show sess}: {@code
	 * 0x55d0c8e0c000: proto=tcpv4 src=127.0.0.1:52344 fe=sixteen be=sixteen srv=a ...}.
	 * @param clientPort the client's port on 127.0.0.1
	 * @return the server's name, or empty if HAProxy has no such session
	 */
	Optional<String> serverOf(int clientPort) {
		String source = " src=127.0.0.1:" + clientPort + " ";
		return command("show sess").lines()
			.filter((line) -> line.contains(source))
			.map(SESSION_SERVER::matcher)
			.filter(Matcher::find)
			.map((server) -> server.group(1))
			.findFirst();
	}

	/**
	 * One row of {@code show stat} for this proxy, by column name.
	 * @param server a server's name, or {@code BACKEND} for the totals
	 * @return the row's columns
	 */
	Map<String, String> stat(String server) {
		List<String> lines = command("show stat").lines().toList();
		if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
			throw new IllegalStateException("show stat gave no header: " + lines);
		}
		List<String> names = Arrays.asList(lines.get(0).substring(2).split(","));
		for (String line : lines.subList(1, lines.size())) {
			String[] values = line.split(",", -1);
			if (values.length > 1 && values[0].equals(PROXY) && values[1].equals(server)) {
				Map<String, String> row = new HashMap<>();
				for (int i = 0; i < Math.min(names.size(), values.length); i++) {
					row.put(names.get(i), values[i]);
				}
				return row;
			}
		}
		throw new IllegalStateException("no " + PROXY + "/" + server + " in show stat");
	}

	/**
	 * Sends one command to the admin socket (a UNIX-domain socket) and reads the answer,
	 * which HAProxy ends by closing the connection.
	 * @param line the command, such as {@code show stat}
	 * @return the answer
	 */
	String command(String line) {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
				Selector selector = Selector.open()) {
			channel.connect(UnixDomainSocketAddress.of(this.socket));
			channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
			channel.configureBlocking(false);
			channel.register(selector, SelectionKey.OP_READ);
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
			long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
			while (true) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IOException("HAProxy did not answer '" + line + "' within " + ADMIN_TIMEOUT);
				}
				selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
				selector.selectedKeys().clear();
				int n = channel.read(buffer);
				if (n < 0) {
					return answer.toString(StandardCharsets.US_ASCII);
				}
				answer.write(buffer.array(), 0, buffer.position());
				buffer.clear();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The last lines HAProxy wrote, for a failure's message, less the sessions that ended
	 * normally: what stays is each server's going DOWN and UP, and each session that a
	 * client or a server cut short, with its termination state ({@code SD}: the server
	 * closed or reset it before its reply).
	 */
	String tail() {
		try {
			String output = new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8);
			return Tail.of("haproxy.log, sessions that ended normally left out",
					output.lines().filter((line) -> !NORMAL_SESSION.matcher(line).find()));
		}
		catch (IOException ex) {
			return "(no HAProxy log: " + ex.getMessage() + ")\n";
		}
	}

	/** Stops HAProxy: SIGTERM, then SIGKILL if it has not exited within 10 seconds. */
	@Override
	public void close() {
		Processes.stop(this.process);
	}

}
