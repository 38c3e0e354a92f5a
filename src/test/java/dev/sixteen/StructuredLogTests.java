package dev.sixteen;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot's structured logging, one setting away: a real server process started with
 * {@code logging.structured.format.console=ecs} writes each exchange and each failure as
 * a JSON line whose fields carry the facts, not only its message.
 */
class StructuredLogTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void writesTheExchangeAndTheFailureAsJsonLinesWithTheirFields() throws Exception {
		try (ServerProcess server = ServerProcess.start(0, List.of(), "server", "127.0.0.1", "-p", "0",
				"--server.port=0", "--logging.structured.format.console=ecs")) {
			int port = server.awaitListening();
			int peerPort;
			try (Peer peer = Peer.connect(port)) {
				peerPort = peer.localPort();
				assertThat(peer.send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
			}
			try (Peer peer = Peer.connect(port)) {
				peer.send(Arrays.copyOf(Peer.HI, 5)).shutdownOutput();
				assertThat(peer.readNext()).isEqualTo(-1);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> exchangeLine(server, "short_read") != null);
			JsonNode replied = exchangeLine(server, "replied");
			assertThat(replied.path("message").asString())
				.startsWith("accepted from 127.0.0.1:" + peerPort + ", socket name 127.0.0.1:" + port);
			assertThat(replied.path("peer").asString()).isEqualTo("127.0.0.1:" + peerPort);
			assertThat(replied.path("local").asString()).isEqualTo("127.0.0.1:" + port);
			assertThat(replied.path("octets").asInt()).isEqualTo(16);
			assertThat(replied.path("duration_us").isIntegralNumber()).isTrue();
			JsonNode failed = exchangeLine(server, "short_read");
			assertThat(failed.path("outcome").asString()).isEqualTo("failed");
			assertThat(failed.path("log").path("level").asString()).isEqualTo("INFO");
			assertThat(failed.path("message").asString()).endsWith(
					"failed (short_read): was expecting 16 bytes but only received 5 bytes before the socket closed");
		}
	}

	/**
	 * The exchange log's JSON line whose outcome or reason is the one given, if written.
	 */
	private static JsonNode exchangeLine(ServerProcess server, String outcomeOrReason) {
		for (String line : server.log().split("\n")) {
			if (line.startsWith("{") && line.contains("\"sixteen.exchanges\"")) {
				JsonNode node = json.readTree(line);
				if (node.path("outcome").asString().equals(outcomeOrReason)
						|| node.path("reason").asString().equals(outcomeOrReason)) {
					return node;
				}
			}
		}
		return null;
	}

}
