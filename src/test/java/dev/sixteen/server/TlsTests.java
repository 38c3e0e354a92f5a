package dev.sixteen.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sixteen.Peer;
import dev.sixteen.TestCertificates;
import dev.sixteen.client.SixteenClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS with client certificates required, on certificates made for the test.
 */
class TlsTests {

	private static Path dir;

	private static TestCertificates trusted;

	private static TestCertificates stranger;

	private static ConfigurableApplicationContext server;

	private static Meters meters;

	private static int port;

	@BeforeAll
	static void startServer() throws IOException {
		dir = Files.createTempDirectory("sixteen-tls");
		trusted = TestCertificates.create(dir, "trusted");
		stranger = TestCertificates.create(dir, "stranger");
		List<String> args = new ArrayList<>(List.of("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1",
				"--sixteen.server.ssl.bundle=tcp", "--sixteen.server.ssl.client-auth=need"));
		args.addAll(trusted.bundle("tcp", "server"));
		server = new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		meters = new Meters(server.getBean(MeterRegistry.class));
		port = server.getBean(ListenerConnectionFactory.class).getPort();
	}

	@AfterAll
	static void stopServer() throws IOException {
		server.close();
		try (var files = Files.list(dir)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(dir);
	}

	@Test
	void exchangesOverMutualTlsWithTheProjectsClient() {
		Result result = client(trusted.bundle("tcp", "client"));
		assertThat(result.err()).isEmpty();
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("The server said b'Farewell, client'");
	}

	@Test
	void refusesAClientWithoutACertificateAndCountsIt() {
		double tls = meters.failed("tls");
		Result result = client(trusted.bundle("tcp", null));
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).doesNotContain("Farewell");
		await().atMost(Duration.ofSeconds(10)).until(() -> meters.failed("tls") == tls + 1);
	}

	@Test
	void clientRefusesAServerItDoesNotTrust() {
		Result result = client(stranger.bundle("tcp", "client"));
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err()).startsWith("sixteen: TLS with 127.0.0.1:" + port + " failed: ");
	}

	@Test
	void countsAPlainTcpPeerAsATlsFailure() {
		double tls = meters.failed("tls");
		try (Peer peer = Peer.connect(port)) {
			assertThat(peer.send(Peer.HI).read(16)).isNotEqualTo(Peer.FAREWELL);
		}
		catch (UncheckedIOException ex) {
			// a reset is as good a refusal as a close
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> meters.failed("tls") == tls + 1);
	}

	private static Result client(List<String> bundle) {
		List<String> args = new ArrayList<>(
				List.of("--sixteen.client.port=" + port, "--sixteen.client.ssl.bundle=tcp"));
		args.addAll(bundle);
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = SixteenClient.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Result(exitCode, out.toString(), err.toString());
	}

	private record Result(int exitCode, String out, String err) {
	}

}
