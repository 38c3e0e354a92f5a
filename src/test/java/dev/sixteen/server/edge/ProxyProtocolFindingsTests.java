package dev.sixteen.server.edge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.sixteen.settings.Cidr;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What fuzzing the PROXY header reader found (docs/fuzzing.md), each kept as a plain test
 * beside its saved input in {@code ProxyProtocolFuzzTestsInputs}.
 */
class ProxyProtocolFindingsTests {

	private static final ProxyProtocol REQUIRED = new ProxyProtocol(true, List.of(Cidr.valueOf("10.0.0.0/8")));

	@Test
	void showsOctetsThatAreNotPrintableInARefusalAsHexSoThatNoLogLineIsForged() throws IOException {
		byte[] header = "PROXY TCP4 1.2.3.4 10.0.0.5 1\nforged\u00ff 2\r\n".getBytes(StandardCharsets.ISO_8859_1);

		assertThatExceptionOfType(ProxyProtocol.BadHeader.class).isThrownBy(() -> REQUIRED.read(balancer(), in(header)))
			.withMessage(
					"malformed PROXY header: '1.2.3.4' port '1\\x0aforged\\xff' is not a TCP4 address" + " and port");
	}

	private static InetSocketAddress balancer() throws IOException {
		return new InetSocketAddress(InetAddress.getByName("10.0.0.9"), 51000);
	}

	private static ByteArrayInputStream in(byte[] octets) {
		return new ByteArrayInputStream(octets);
	}

}
