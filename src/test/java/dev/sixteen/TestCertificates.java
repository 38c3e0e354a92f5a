package dev.sixteen;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key material made at test time: a CA, a server certificate for 127.0.0.1 and localhost,
 * and a client certificate, written as PEM files Spring Boot's SSL bundles read.
 */
public final class TestCertificates {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	private final Path dir;

	private TestCertificates(Path dir) {
		this.dir = dir;
	}

	/**
	 * Makes a CA named {@code name} and a server and a client certificate it signs.
	 * @param dir where the PEM files go
	 * @param name the CA's name, and the prefix of every file
	 * @return the files
	 */
	public static TestCertificates create(Path dir, String name) {
		return create(dir, name, "127.0.0.1", "localhost");
	}

	/**
	 * Makes a CA named {@code name} and a server and a client certificate it signs.
	 * @param dir where the PEM files go
	 * @param name the CA's name, and the prefix of every file
	 * @param serverNames the IP addresses and DNS names the server certificate is for
	 * @return the files
	 */
	public static TestCertificates create(Path dir, String name, String... serverNames) {
		try {
			KeyPair caKeys = keyPair();
			X500Name ca = new X500Name("CN=" + name + " test CA");
			X509Certificate caCert = sign(caKeys, ca, caKeys, ca, true, List.of());
			KeyPair serverKeys = keyPair();
			X509Certificate serverCert = sign(serverKeys, new X500Name("CN=localhost"), caKeys, ca, false,
					Arrays.stream(serverNames)
						.map((host) -> new GeneralName(
								host.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, host))
						.toList());
			KeyPair clientKeys = keyPair();
			X509Certificate clientCert = sign(clientKeys, new X500Name("CN=sixteen test client"), caKeys, ca, false,
					List.of());
			Files.createDirectories(dir);
			TestCertificates files = new TestCertificates(dir.resolve(name));
			files.write("ca.crt", caCert);
			files.write("server.crt", serverCert);
			files.write("server.key", new JcaPKCS8Generator(serverKeys.getPrivate(), null));
			files.write("client.crt", clientCert);
			files.write("client.key", new JcaPKCS8Generator(clientKeys.getPrivate(), null));
			return files;
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Spring settings that define an SSL bundle from these files.
	 * @param bundle the bundle's name
	 * @param role {@code server} or {@code client}: whose key store; null for a trust
	 * store only
	 * @return {@code --key=value} arguments
	 */
	public List<String> bundle(String bundle, String role) {
		List<String> args = new ArrayList<>();
		if (role != null) {
			args.addAll(keyStore(bundle, role));
		}
		args.addAll(trustStore(bundle));
		return args;
	}

	/**
	 * Spring settings for the key store of a bundle: this CA's server or client
	 * certificate and key.
	 * @param bundle the bundle's name
	 * @param role {@code server} or {@code client}
	 * @return {@code --key=value} arguments
	 */
	public List<String> keyStore(String bundle, String role) {
		String prefix = "--spring.ssl.bundle.pem." + bundle;
		return List.of(prefix + ".keystore.certificate=" + file(role + ".crt"),
				prefix + ".keystore.private-key=" + file(role + ".key"));
	}

	/**
	 * Spring settings for the trust store of a bundle: this CA.
	 * @param bundle the bundle's name
	 * @return {@code --key=value} arguments
	 */
	public List<String> trustStore(String bundle) {
		return List.of("--spring.ssl.bundle.pem." + bundle + ".truststore.certificate=" + file("ca.crt"));
	}

	private String file(String name) {
		return "file:" + path(name);
	}

	/**
	 * One of the PEM files.
	 * @param name {@code ca.crt}, {@code server.crt}, {@code server.key},
	 * {@code client.crt} or {@code client.key}
	 * @return its path
	 */
	public Path path(String name) {
		return Path.of(this.dir + "-" + name);
	}

	private void write(String name, Object pem) throws IOException {
		try (Writer out = Files.newBufferedWriter(Path.of(this.dir + "-" + name));
				JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(pem);
		}
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509Certificate sign(KeyPair subjectKeys, X500Name subject, KeyPair issuerKeys, X500Name issuer,
			boolean ca, List<GeneralName> names)
			throws IOException, OperatorCreationException, GeneralSecurityException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
		if (!names.isEmpty()) {
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(names.toArray(GeneralName[]::new)));
		}
		return new JcaX509CertificateConverter().getCertificate(
				builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
	}

}
