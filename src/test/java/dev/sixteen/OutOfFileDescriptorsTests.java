package dev.sixteen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real server process under a low limit of open files ({@code ulimit -n}), run out of
 * descriptors by real connections: it waits the accept errors out, keeps every open
 * connection, tells readiness it cannot accept while that lasts (liveness stays up), and
 * serves again as soon as descriptors come back.
 */
class OutOfFileDescriptorsTests {

	/** Enough for the JVM, the actuator and a few hundred connections, not for 400. */
	private static final int OPEN_FILES = 200;

	private static final int PEERS = 400;

	private static final Pattern EMFILE = Pattern
		.compile("(?m)^sixteen_accept_errors_total\\{reason=\"emfile\"} (\\S+)$");

	@Test
	void waitsOutTheAcceptErrorsKeepsEveryConnectionAndServesAgainWhenDescriptorsComeBack() throws Exception {
		try (ServerProcess server = ServerProcess.start(OPEN_FILES, List.of(), "server", "127.0.0.1", "-p", "0",
				"--server.port=0", "--sixteen.server.max-connections=100000", "--sixteen.server.read-timeout=5m",
				"--logging.level.sixteen.exchanges=warn")) {
			int port = server.awaitListening();
			List<Peer> peers = new ArrayList<>();
			int http = server.awaitActuator();
			// readiness turns up just after Tomcat starts, once the application is ready;
			// a fresh connection each time, as Tomcat closes one after a 503
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				try (HttpKeepAlive first = new HttpKeepAlive(http)) {
					return first.get("/actuator/health/readiness").status() == 200;
				}
			});
			// two connections to the actuator made beforehand, as no new one is accepted
			// while
			// descriptors run out; Tomcat closes a connection after a 503
			try (HttpKeepAlive actuator = new HttpKeepAlive(http); HttpKeepAlive readiness = new HttpKeepAlive(http)) {
				assertThat(readiness.get("/actuator/health/readiness").status()).isEqualTo(200);
				assertThat(actuator.get("/actuator/prometheus").status()).isEqualTo(200);
				// more peers than the server has descriptors for: the kernel completes
				// them
				// all, the server accepts until it runs out
				while (peers.size() < PEERS && !server.log().contains("Accepting a connection failed (emfile")) {
					peers.add(connect(port, peers.size()));
				}
				await().atMost(Duration.ofSeconds(30))
					.until(() -> server.log().contains("Accepting a connection failed (emfile: Too many open files)"));
				assertThat(actuator.get("/actuator/health/liveness").status()).isEqualTo(200);
				assertThat(readiness.get("/actuator/health/readiness").status()).isEqualTo(503);
				assertThat(emfileErrors(actuator)).isPositive();
				// every peer is answered: those accepted at once, then, as their replies
				// free
				// descriptors, those that waited in the kernel's queue
				for (Peer peer : peers) {
					assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
				}
				assertThat(server.log()).contains("Accepting connections again, after");
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					try (HttpKeepAlive again = new HttpKeepAlive(http)) {
						return again.get("/actuator/health/readiness").status() == 200;
					}
				});
				assertThat(Peer.exchange(port)).isEqualTo(Peer.FAREWELL);
				String metrics = actuator.get("/actuator/prometheus").body();
				// nothing failed for want of a file: no class loaded too late, no thread
				// lost
				assertThat(server.log()).doesNotContain("NoClassDefFoundError").doesNotContain("Exception in thread");
				assertThat(metrics).contains("sixteen_listener_up 1.0")
					.contains("sixteen_exchanges_failed_total{reason=\"shutdown\"} 0.0")
					.contains("sixteen_exchanges_failed_total{reason=\"error\"} 0.0");
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError("the server's output:\n" + server.log(), ex);
			}
			finally {
				peers.forEach(Peer::close);
			}
		}
	}

	private static Peer connect(int port, int connected) {
		try {
			return Peer.connect(port);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("connect failed after " + connected + " peers", ex);
		}
	}

	private static double emfileErrors(HttpKeepAlive actuator) {
		Matcher matcher = EMFILE.matcher(actuator.get("/actuator/prometheus").body());
		assertThat(matcher.find()).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}
