package dev.sixteen.balancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart behind a real balancer loses nothing: HAProxy in TCP mode in front of
 * two server processes, health-checking each one's readiness. Under continuous load from
 * one-shot and kept-alive clients, each instance in turn is stopped by SIGTERM, waited
 * for, started again on its ports and waited for until HAProxy sees it UP and sends it
 * connections; then the other.
 */
class RollingRestartTests {

	private static final Logger log = LoggerFactory.getLogger(RollingRestartTests.class);

	/** What a JVM stopped by SIGTERM exits with once every shutdown hook has run. */
	private static final int SIGTERM_EXIT = 143;

	/**
	 * How long an instance keeps accepting after its readiness turns 503. HAProxy marks
	 * it DOWN after {@link Haproxy#CHECK_FALL} (2) failed checks
	 * {@link Haproxy#CHECK_INTER} (200 ms) apart, about 400 ms; 3 s leaves a margin of
	 * more than two seconds for a busy machine, where each check may take up to
	 * {@link Haproxy#CHECK_TIMEOUT} (1 s).
	 */
	private static final Duration DRAIN_DELAY = Duration.ofSeconds(3);

	/** Time the exchanges in flight get to finish, once the listener is closed. */
	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

	private static final int ONE_SHOT_CLIENTS = 4;

	private static final int KEPT_ALIVE_CLIENTS = 4;

	/** Exchanges to see answered before the first restart and after the last. */
	private static final int STEADY_EXCHANGES = 1000;

	private static final Duration HAPROXY_NOTICES = Duration.ofSeconds(30);

	private static final Pattern DRAINED = Pattern
		.compile("Drained: (\\d+) connections finished, (\\d+) closed unfinished");

	/** What the test is doing now, for the description of a loss. */
	private volatile String phase = "starting";

	@Test
	void restartingEachInstanceInTurnBehindHaproxyLosesNoExchange(@TempDir Path directory) throws Exception {
		Path binary = Haproxy.require();
		List<String> settings = List.of("--sixteen.server.close-after-reply=false",
				"--sixteen.server.drain-delay=" + DRAIN_DELAY.toMillis() + "ms",
				"--sixteen.server.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms",
				"--logging.level.sixteen.exchanges=warn");
		List<ServerInstance> servers = List.of(new ServerInstance("a", freePort(), freePort(), directory, settings),
				new ServerInstance("b", freePort(), freePort(), directory, settings));
		@Nullable Haproxy haproxy = null;
		@Nullable ExchangeLoad load = null;
		try {
			for (ServerInstance server : servers) {
				server.launch();
			}
			for (ServerInstance server : servers) {
				server.awaitListening();
			}
			haproxy = Haproxy.start(binary, directory, freePort(), servers);
			for (ServerInstance server : servers) {
				awaitStatus(haproxy, server, "UP");
			}
			load = ExchangeLoad.start(haproxy.port(), ONE_SHOT_CLIENTS, KEPT_ALIVE_CLIENTS, () -> this.phase);
			this.phase = "both up";
			awaitExchanges(load, STEADY_EXCHANGES);
			List<Integer> exits = new ArrayList<>();
			for (ServerInstance server : servers) {
				exits.add(restart(server, haproxy, load));
			}
			this.phase = "both up again";
			awaitExchanges(load, STEADY_EXCHANGES);
			load.stop();
			assertNothingLost(load, haproxy, servers, exits);
		}
		catch (RuntimeException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + ((load != null) ? load.totals() : "no load yet") + "\n"
					+ tails(haproxy, servers), ex);
		}
		finally {
			if (load != null) {
				load.stop();
			}
			if (haproxy != null) {
				haproxy.close();
			}
			for (ServerInstance server : servers) {
				server.kill();
			}
		}
	}

	/**
	 * Restarts one instance: SIGTERM, exit, the same command again on the same ports,
	 * until HAProxy sees it UP and has sent it a connection.
	 * @return its exit status
	 */
	private int restart(ServerInstance server, Haproxy haproxy, ExchangeLoad load) throws Exception {
		long startedAt = System.nanoTime();
		long before = load.exchanges();
		this.phase = server.name() + " draining";
		server.terminate();
		awaitStatus(haproxy, server, "DOWN");
		double down = seconds(startedAt);
		int exit = server.awaitExit();
		double exited = seconds(startedAt);
		this.phase = server.name() + " starting again";
		server.launch();
		server.awaitListening();
		awaitStatus(haproxy, server, "UP");
		double up = seconds(startedAt);
		long sessions = Long.parseLong(haproxy.stat(server.name()).get("stot"));
		await(server.name() + " sent connections again").atMost(HAPROXY_NOTICES)
			.until(() -> Long.parseLong(haproxy.stat(server.name()).get("stot")) > sessions);
		log.info("{}: SIGTERM; HAProxy saw it DOWN after {} s; exited with {} after {} s; UP again after {} s; "
				+ "{} exchanges meanwhile", server.name(), down, exit, exited, up, load.exchanges() - before);
		return exit;
	}

	private void assertNothingLost(ExchangeLoad load, Haproxy haproxy, List<ServerInstance> servers,
			List<Integer> exits) {
		Map<String, String> backend = haproxy.stat("BACKEND");
		String totals = load.totals() + "; HAProxy: connects retried " + backend.get("wretr") + ", redispatched "
				+ backend.get("wredis") + ", connect errors " + backend.get("econ") + ", response errors "
				+ backend.get("eresp") + ", aborted by a server " + backend.get("srv_abrt");
		log.info("Rolling restart behind HAProxy: {}", totals);
		String context = totals + "\n" + tails(haproxy, servers);
		assertThat(load.lost())
			.as("exchanges lost: %s; first losses:%n%s%n%s", load.lost(), String.join("\n", load.losses()), context)
			.isZero();
		assertThat(exits).as("exit statuses after SIGTERM; %s", context).containsExactly(SIGTERM_EXIT, SIGTERM_EXIT);
		for (ServerInstance server : servers) {
			String first = server.logs().get(0);
			Matcher drained = DRAINED.matcher(first);
			assertThat(drained.find()).as("%s logged its drain; %s", server.name(), context).isTrue();
			log.info("{} drained: {}", server.name(), drained.group());
			assertThat(drained.group(2)).as("%s closed connections unfinished; %s", server.name(), context)
				.isEqualTo("0");
		}
		// without it, no drain met a kept-alive connection, and the test would not show
		// that they are closed only between frames
		assertThat(load.resent()).as("kept-alive frames sent again after a drain closed their connection; %s", context)
			.isPositive();
	}

	private static void awaitStatus(Haproxy haproxy, ServerInstance server, String status) {
		await("HAProxy to see " + server.name() + " " + status).atMost(HAPROXY_NOTICES)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> haproxy.status(server.name()).equals(status));
	}

	private static void awaitExchanges(ExchangeLoad load, int count) {
		long before = load.exchanges();
		await(count + " more exchanges").atMost(Duration.ofSeconds(30)).until(() -> load.exchanges() >= before + count);
	}

	private static String tails(@Nullable Haproxy haproxy, List<ServerInstance> servers) {
		StringBuilder tails = new StringBuilder((haproxy != null) ? haproxy.tail() : "");
		servers.forEach((server) -> tails.append(server.tails()));
		return tails.toString();
	}

	private static double seconds(long since) {
		return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
	}

	/**
	 * A port free on 127.0.0.1 a moment ago: the instances keep theirs across restarts.
	 */
	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
