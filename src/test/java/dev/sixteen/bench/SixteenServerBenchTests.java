package dev.sixteen.bench;

import dev.sixteen.server.ServerApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sixteen bench} against the real sixteen server, started on free ports; the TCP
 * port is read from the listener it bound.
 */
class SixteenServerBenchTests {

	@Test
	void loadsTheClassicServerWithoutErrors() throws Exception {
		try (ConfigurableApplicationContext server = startServer()) {
			BenchRun run = BenchRun.against(tcpPort(server), "-c", "4", "-d", "1s", "--json");

			assertThat(run.exitCode()).isZero();
			assertThat(run.json().get("exchanges").asLong()).isPositive();
			assertThat(run.json().get("errors").asLong()).isZero();
		}
	}

	@Test
	void countsTheClassicServersCloseAsClosedEarlyWhenKeepingConnections() throws Exception {
		try (ConfigurableApplicationContext server = startServer()) {
			BenchRun run = BenchRun.against(tcpPort(server), "-c", "2", "-k", "2", "-d", "1s", "--json");

			assertThat(run.exitCode()).isOne();
			JsonNode json = run.json();
			assertThat(json.get("errorsByReason").get("closedEarly").asLong()).isPositive()
				.isEqualTo(json.get("errors").asLong());
		}
	}

	@Test
	void makesTenExchangesPerConnectionWhenTheServerKeepsConnections() throws Exception {
		try (ConfigurableApplicationContext server = startServer("--sixteen.server.close-after-reply=false")) {
			BenchRun run = BenchRun.against(tcpPort(server), "-c", "2", "-k", "10", "-d", "1s", "--json");

			assertThat(run.exitCode()).isZero();
			JsonNode json = run.json();
			long connects = json.get("connects").asLong();
			assertThat(json.get("errors").asLong()).isZero();
			// the two connections open when the run stopped may have made fewer than ten
			assertThat(json.get("exchanges").asLong()).isBetween(10 * (connects - 2), 10 * connects);
		}
	}

	private static ConfigurableApplicationContext startServer(String... settings) {
		String[] args = new String[settings.length + 3];
		args[0] = "--sixteen.server.port=0";
		args[1] = "--server.port=0";
		args[2] = "--logging.level.sixteen.exchanges=warn";
		System.arraycopy(settings, 0, args, 3, settings.length);
		return new SpringApplication(ServerApplication.class).run(args);
	}

	private static int tcpPort(ConfigurableApplicationContext server) {
		return server.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

}
