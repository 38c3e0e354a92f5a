package dev.sixteen.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.sixteen.Peer;
import dev.sixteen.TestCertificates;
import dev.sixteen.client.SixteenClient;
import dev.sixteen.server.listener.SixteenServerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A certificate rotated on disk, as cert-manager renews a Secret: the running server
 * reloads its SSL bundle, new connections get the new certificate, and a connection made
 * before finishes its exchange on the old one.
 */
class TlsRotationTests {

	@TempDir
	Path dir;

	@Test
	void servesNewConnectionsWithTheCertificateWrittenOverTheOldOne() throws Exception {
		rotate(TlsRotationTests::replaceFiles);
	}

	@Test
	void servesNewConnectionsWithTheCertificateOfAnUpdatedSecretVolume() throws Exception {
		rotate(TlsRotationTests::swapSecretVolume);
	}

	private void rotate(Installer installer) throws Exception {
		TestCertificates before = TestCertificates.create(this.dir.resolve("before"), "ca");
		TestCertificates after = TestCertificates.create(this.dir.resolve("after"), "ca");
		Path live = Files.createDirectories(this.dir.resolve("live"));
		installer.install(this.dir.resolve("before"), live);
		List<String> args = new ArrayList<>(List.of("--sixteen.server.port=0", "--sixteen.server.host=127.0.0.1",
				"--sixteen.server.ssl.bundle=tcp", "--spring.ssl.bundle.pem.tcp.reload-on-update=true",
				"--spring.ssl.bundle.watch.file.quiet-period=100ms",
				"--spring.ssl.bundle.pem.tcp.keystore.certificate=file:" + live.resolve("ca-server.crt"),
				"--spring.ssl.bundle.pem.tcp.keystore.private-key=file:" + live.resolve("ca-server.key")));
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new))) {
			Meters meters = new Meters(server.getBean(MeterRegistry.class));
			int port = server.getBean(SixteenServerFactory.class).getPort();
			assertThat(client(port, before)).isZero();
			assertThat(client(port, after)).isEqualTo(1);
			// a connection in flight: its handshake done on the old certificate, half a
			// frame sent
			try (SSLSocket inFlight = handshaken(port, before)) {
				OutputStream out = inFlight.getOutputStream();
				out.write(Peer.HI, 0, 8);
				out.flush();
				installer.install(this.dir.resolve("after"), live);
				await().atMost(Duration.ofSeconds(30)).until(() -> handshakes(port, after));
				assertThat(handshakes(port, before)).isFalse();
				out.write(Peer.HI, 8, 8);
				out.flush();
				InputStream in = inFlight.getInputStream();
				assertThat(in.readNBytes(16)).isEqualTo(Peer.FAREWELL);
			}
			assertThat(client(port, after)).isZero();
			assertThat(meters.tlsReloads()).isOne();
		}
	}

	/** Replaces the live files by a new set, each file at once. */
	private static void replaceFiles(Path from, Path live) throws IOException {
		for (String name : List.of("ca-server.crt", "ca-server.key")) {
			Path staged = live.resolve(name + ".new");
			Files.copy(from.resolve(name), staged, StandardCopyOption.REPLACE_EXISTING);
			Files.move(staged, live.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * Lays the files out as Kubernetes mounts a Secret, and updates them as it does: each
	 * file is a link into {@code ..data}, itself a link to a directory of this version,
	 * swapped for the next version's at once.
	 */
	private static void swapSecretVolume(Path from, Path live) throws IOException {
		Path version = Files.createTempDirectory(live, "..version");
		for (String name : List.of("ca-server.crt", "ca-server.key")) {
			Files.copy(from.resolve(name), version.resolve(name));
			if (!Files.exists(live.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
				Files.createSymbolicLink(live.resolve(name), Path.of("..data", name));
			}
		}
		Path staged = live.resolve("..data_tmp");
		Files.createSymbolicLink(staged, version.getFileName());
		Files.move(staged, live.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/** Puts a set of PEM files in place. */
	@FunctionalInterface
	private interface Installer {

		void install(Path from, Path live) throws IOException;

	}

	/** Runs the project's client, trusting only the given CA; its exit code. */
	private static int client(int port, TestCertificates trusted) {
		List<String> args = new ArrayList<>(
				List.of("--sixteen.client.port=" + port, "--sixteen.client.ssl.bundle=tls"));
		args.addAll(trusted.trustStore("tls"));
		return SixteenClient.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
	}

	/** Tells whether a peer trusting only the given CA completes a handshake. */
	private static boolean handshakes(int port, TestCertificates trusted) {
		try (SSLSocket socket = handshaken(port, trusted)) {
			return socket.getSession().isValid();
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** A TLS connection trusting only the given CA, its handshake done. */
	private static SSLSocket handshaken(int port, TestCertificates trusted) throws IOException {
		SslBundle trust = SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("file:" + trusted.path("ca.crt"))));
		SSLSocket socket = (SSLSocket) trust.createSslContext().getSocketFactory().createSocket("127.0.0.1", port);
		socket.setSoTimeout(10_000);
		socket.startHandshake();
		return socket;
	}

}
