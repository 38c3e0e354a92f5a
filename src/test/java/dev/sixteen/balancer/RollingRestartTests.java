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
import java.util.regex.Pattern;

import dev.sixteen.balancer.ServerInstance.ServerLog;
import org.assertj.core.api.InstanceOfAssertFactories;
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
 * one-shot and kept-alive clients ({@link ExchangeLoad}), each instance in turn is
 * stopped by SIGTERM, waited for, started again on its ports and waited for until HAProxy
 * sees it UP and sends it connections; then the other. Across each drain, a kept-alive
 * connection holds half a frame ({@link HeldFrame}).
 * <p>
 * The clients must lose nothing, and the servers' logs must agree: no exchange failed,
 * every reply sent was received (a kept-alive client's resend could otherwise hide a lost
 * one), each drain closed nothing unfinished, and each instance exited 143.
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

	/**
	 * Time the exchanges in flight get to finish, once the listener is closed: half the
	 * default, and ample for the test to finish the frame it holds across each drain, on
	 * a busy machine too. Nothing else keeps a drain waiting.
	 */
	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Most clients are one-shot: what a listener's drain can lose is new connections,
	 * queued in the kernel when it closes, and the more of them arrive, the surer a drain
	 * that resets them is seen to.
	 */
	private static final int ONE_SHOT_CLIENTS = 6;

	private static final int KEPT_ALIVE_CLIENTS = 2;

	/** Exchanges to see answered before the first restart and after the last. */
	private static final int STEADY_EXCHANGES = 1000;

	private static final Duration HAPROXY_NOTICES = Duration.ofSeconds(30);

	private static final Pattern DRAINED = Pattern.compile("Drained: \\d+ connections finished, 0 closed unfinished");

	/** What the test is doing now, for the description of a loss. */
	private volatile String phase = "starting";

	/** How each frame held across a drain ended. */
	private final List<String> held = new ArrayList<>();

	/** Exchanges answered on the connections that held a frame across a drain. */
	private long heldAnswered;

	@Test
	void restartingEachInstanceInTurnBehindHaproxyLosesNoExchange(@TempDir Path directory) throws Exception {
		Path binary = Haproxy.require();
		List<String> settings = List.of("--sixteen.server.close-after-reply=false",
				"--sixteen.server.drain-delay=" + DRAIN_DELAY.toMillis() + "ms",
				"--sixteen.server.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms");
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
		int exit;
		try (HeldFrame held = HeldFrame.open(haproxy, server.name())) {
			this.phase = server.name() + " draining";
			server.terminate();
			awaitStatus(haproxy, server, "DOWN");
			double down = seconds(startedAt);
			// the drain now closes every connection it finds between frames
			server.awaitLogged("Stopped accepting", DRAIN_DELAY.plus(HAPROXY_NOTICES));
			String outcome = held.finish();
			this.held.add(server.name() + ": " + outcome);
			this.heldAnswered += held.answered() + (outcome.equals("answered") ? 1 : 0);
			exit = server.awaitExit();
			log.info("{}: SIGTERM; HAProxy saw it DOWN after {} s; the frame held across its drain: {}; "
					+ "exited with {} after {} s", server.name(), down, outcome, exit, seconds(startedAt));
		}
		this.phase = server.name() + " starting again";
		server.launch();
		server.awaitListening();
		awaitStatus(haproxy, server, "UP");
		long sessions = Long.parseLong(haproxy.stat(server.name()).get("stot"));
		await(server.name() + " sent connections again").atMost(HAPROXY_NOTICES)
			.until(() -> Long.parseLong(haproxy.stat(server.name()).get("stot")) > sessions);
		log.info("{}: UP again after {} s; {} exchanges since its SIGTERM", server.name(), seconds(startedAt),
				load.exchanges() - before);
		return exit;
	}

	private void assertNothingLost(ExchangeLoad load, Haproxy haproxy, List<ServerInstance> servers,
			List<Integer> exits) {
		// the server logs each reply just after writing it, so its last lines may come a
		// moment after the clients have their replies
		await("the servers to log every reply").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> replies(servers) >= load.exchanges() + this.heldAnswered);
		List<ServerLog> logs = servers.stream().map(ServerInstance::scan).toList();
		long replies = logs.stream().mapToLong(ServerLog::replies).sum();
		Map<String, String> backend = haproxy.stat("BACKEND");
		String totals = load.totals() + "; frames held across a drain: " + this.held + "; servers' replies " + replies
				+ "; HAProxy: connects retried " + backend.get("wretr") + ", redispatched " + backend.get("wredis")
				+ ", connect errors " + backend.get("econ") + ", response errors " + backend.get("eresp");
		log.info("Rolling restart behind HAProxy: {}", totals);
		String context = totals + "\n" + tails(haproxy, servers);
		assertThat(load.lost())
			.as("exchanges lost: %s; first losses:%n%s%n%s", load.lost(), String.join("\n", load.losses()), context)
			.isZero();
		assertThat(this.held).as("frames held across a drain; %s", context)
			.containsExactlyElementsOf(servers.stream().map((server) -> server.name() + ": answered").toList());
		assertThat(logs.stream().flatMap((log) -> log.failures().stream()))
			.as("exchanges the servers counted as failed; %s", context)
			.isEmpty();
		// a reply sent but never received would hide behind a kept-alive client's resend
		assertThat(replies).as("replies the servers sent, against those the clients received; %s", context)
			.isEqualTo(load.exchanges() + this.heldAnswered);
		assertThat(exits).as("exit statuses after SIGTERM; %s", context).containsExactly(SIGTERM_EXIT, SIGTERM_EXIT);
		for (int i = 0; i < servers.size(); i++) {
			List<String> drains = logs.get(i).drains();
			log.info("{}: {}", servers.get(i).name(), drains);
			assertThat(drains).as("%s's drain; %s", servers.get(i).name(), context)
				.singleElement(InstanceOfAssertFactories.STRING)
				.containsPattern(DRAINED);
		}
		// without it, no drain met a kept-alive connection, and the test would not show
		// that they are closed only between frames
		assertThat(load.resent()).as("kept-alive frames sent again after a drain closed their connection; %s", context)
			.isPositive();
	}

	private static long replies(List<ServerInstance> servers) {
		return servers.stream().map(ServerInstance::scan).mapToLong(ServerLog::replies).sum();
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
