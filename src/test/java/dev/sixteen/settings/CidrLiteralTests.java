package dev.sixteen.settings;

import java.io.IOException;
import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link Cidr#literal} reads address literals as {@code inet_pton} does, and nothing
 * else: no name, no shorthand the JDK or BSD would also take. The cases CidrFuzzTests and
 * review found (docs/fuzzing.md).
 */
class CidrLiteralTests {

	@ParameterizedTest
	@ValueSource(strings = { "203.0.113.7", "0.0.0.0", "255.255.255.255", "2001:db8::7", "::", "::1", "1:2:3:4:5:6:7:8",
			"1::", "::ffff:203.0.113.7", "64:ff9b::192.0.2.1", "FD00::AbCd" })
	void readsALiteralAsTheJdkDoes(String text) throws IOException {
		assertThat(InetAddress.getByAddress(Cidr.literal(text))).isEqualTo(InetAddress.getByName(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "cafe", "localhost", "999.1.1.1", "1..2", "256.0.0.1", "10", "1.2.3", "010.0.0.1",
			"0x7f.0.0.1", "0b120:d8::4264", "1:2:3:4:5:6:7:8::", "1:::2", ":1::", "::1%1", "[::1]", "zz:1", "1.2.3.4::",
			"::1.2.3", "\uff11.2.3.4", "" })
	void refusesWhatIsNotALiteral(String text) {
		assertThat(Cidr.literal(text)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.valueOf(text));
	}

}
