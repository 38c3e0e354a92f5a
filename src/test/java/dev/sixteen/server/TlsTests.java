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
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS on the TCP port, with certificates made for the test: client certificates required
 * ({@code need}), checked when sent ({@code want}) or not asked for ({@code none}), and
 * the client's check of the server's name.
 */
class TlsTests {

	private static Path dir;

	/** The CA every server and the well-behaved clients use. */
	private static TestCertificates trusted;

	/** A CA nobody trusts. */
	private static TestCertificates stranger;

	/** A CA whose server certificate names localhost only. */
	private static TestCertificates localhostOnly;

	private static final List<ConfigurableApplicationContext> servers = new ArrayList<>();

	private static Server need;

	private static Server want;

	private static Server none;

	private static Server named;

	@BeforeAll
	static void startServers() throws IOException {
		dir = Files.createTempDirectory("sixteen-tls");
		trusted = TestCertificates.create(dir, "trusted");
		stranger = TestCertificates.create(dir, "stranger");
		localhostOnly = TestCertificates.create(dir, "localhost-only", "localhost");
		need = start("need", trusted);
		want = start("want", trusted);
		none = start("none", trusted);
		named = start("none", localhostOnly);
	}

	@AfterAll
	static void stopServers() throws IOException {
		servers.forEach(ConfigurableApplicationContext::close);
		try (var files = Files.list(dir)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(dir);
	}

	@Test
	void exchangesOverMutualTlsWithTheProjectsClient() {
		Result result = client(need, "127.0.0.1", trusted.bundle("tcp", "client"));
		assertThat(result.err()).isEmpty();
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("The server said b'Farewell, client'");
	}

	@Test
	void refusesAClientWithoutACertificateAndCountsIt() {
		double tls = need.meters().failed("tls");
		Result result = client(need, "127.0.0.1", trusted.bundle("tcp", null));
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).doesNotContain("Farewell");
		await().atMost(Duration.ofSeconds(10)).until(() -> need.meters().failed("tls") == tls + 1);
	}

	@Test
	void refusesAClientCertificateItDoesNotTrustAndCountsIt() {
		double tls = need.meters().failed("tls");
		List<String> bundle = new ArrayList<>(stranger.keyStore("tcp", "client"));
		bundle.addAll(trusted.trustStore("tcp"));
		Result result = client(need, "127.0.0.1", bundle);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).doesNotContain("Farewell");
		await().atMost(Duration.ofSeconds(10)).until(() -> need.meters().failed("tls") == tls + 1);
	}

	@Test
	void clientRefusesAServerItDoesNotTrust() {
		double tls = need.meters().failed("tls");
		List<String> bundle = new ArrayList<>(trusted.keyStore("tcp", "client"));
		bundle.addAll(stranger.trustStore("tcp"));
		Result result = client(need, "127.0.0.1", bundle);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err()).startsWith("sixteen: TLS with 127.0.0.1:" + need.port() + " failed: ");
		await().atMost(Duration.ofSeconds(10)).until(() -> need.meters().failed("tls") == tls + 1);
	}

	@Test
	void clientChecksTheServersNameAgainstItsCertificate() {
		Result byName = client(named, "localhost", localhostOnly.bundle("tcp", null));
		assertThat(byName.exitCode()).as(byName.err()).isZero();
		Result byAddress = client(named, "127.0.0.1", localhostOnly.bundle("tcp", null));
		assertThat(byAddress.exitCode()).isEqualTo(1);
		assertThat(byAddress.err()).startsWith("sixteen: TLS with 127.0.0.1:" + named.port() + " failed: ")
			.contains("127.0.0.1");
	}

	/** With no certificate (null), or with a trusted one. */
	@ParameterizedTest
	@NullSource
	@ValueSource(strings = "client")
	void answersAClientWithOrWithoutATrustedCertificateWhenOnlyWanted(String key) {
		Result result = client(want, "127.0.0.1", trusted.bundle("tcp", key));
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("The server said b'Farewell, client'");
	}

	@Test
	void answersAnyClientWhenClientAuthIsNone() {
		Result anonymous = client(none, "127.0.0.1", trusted.bundle("tcp", null));
		assertThat(anonymous.exitCode()).as(anonymous.err()).isZero();
		// the server asks for no certificate, so an untrusted one is never even sent
		List<String> bundle = new ArrayList<>(stranger.keyStore("tcp", "client"));
		bundle.addAll(trusted.trustStore("tcp"));
		Result untrusted = client(none, "127.0.0.1", bundle);
		assertThat(untrusted.exitCode()).as(untrusted.err()).isZero();
	}

	@Test
	void countsAPlainTcpPeerAsATlsFailure() {
		double tls = need.meters().failed("tls");
		try (Peer peer = Peer.connect(need.port())) {
			assertThat(peer.send(Peer.HI).read(16)).isNotEqualTo(Peer.FAREWELL);
		}
		catch (UncheckedIOException ex) {
			// a reset is as good a refusal as a close
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> need.meters().failed("tls") == tls + 1);
	}

	@Test
	void countsAPeerThatConnectsAndClosesBeforeItsHandshakeAsEmpty() {
		double empty = need.meters().failed("empty");
		double failed = need.meters().failedForAnyReason();
		Peer.connect(need.port()).close();
		await().atMost(Duration.ofSeconds(10)).until(() -> need.meters().failed("empty") == empty + 1);
		assertThat(need.meters().failedForAnyReason()).isEqualTo(failed + 1);
	}

	private static Server start(String clientAuth, TestCertificates certificates) {
		List<String> args = new ArrayList<>(List.of("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1",
				"--sixteen.server.ssl.bundle=tcp", "--sixteen.server.ssl.client-auth=" + clientAuth));
		args.addAll(certificates.bundle("tcp", "server"));
		ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		servers.add(server);
		return new Server(new Meters(server.getBean(MeterRegistry.class)),
				server.getBean(SixteenServerFactory.class).getPort());
	}

	private static Result client(Server server, String host, List<String> bundle) {
		List<String> args = new ArrayList<>(List.of("--sixteen.client.host=" + host,
				"--sixteen.client.port=" + server.port(), "--sixteen.client.ssl.bundle=tcp"));
		args.addAll(bundle);
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = SixteenClient.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Result(exitCode, out.toString(), err.toString());
	}

	private record Server(Meters meters, int port) {
	}

	private record Result(int exitCode, String out, String err) {
	}

}
