package dev.sixteen.settings;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Address literals and CIDR blocks, as {@code allowed-clients}, {@code trusted-proxies}
 * and PROXY v1 headers give them, read from any text. Its saved inputs run in every
 * build; {@code JAZZER_FUZZ=1} fuzzes it (docs/fuzzing.md).
 */
class CidrFuzzTests {

	private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

	private static final String DOTTED_QUAD = OCTET + "(\\." + OCTET + "){3}";

	/**
	 * Property: any text is an address literal as the JDK reads one, or no address, and
	 * never a name to look up. {@link Cidr#literal} gives four octets exactly for a
	 * dotted quad of decimal octets without leading zeros; sixteen only for text the JDK
	 * reads as an IPv6 literal (hex digits, colons and dots), and every such text without
	 * an IPv4 tail; and in both cases the JDK's address. {@link Cidr#valueOf} gives a
	 * block whose address is such a literal and whose prefix fits it, that contains its
	 * own network and reads back from its own text; anything else is an
	 * {@link IllegalArgumentException} that quotes the text and says what a block is.
	 * @param input the text, in UTF-8
	 */
	@FuzzTest
	void readsLiteralsAsTheJdkDoesAndNothingElse(byte[] input) throws IOException {
		String text = new String(input, StandardCharsets.UTF_8);
		byte[] octets = Cidr.literal(text);
		boolean ipv6Literal = text.matches("[0-9a-fA-F:][0-9a-fA-F:.]*") && text.contains(":");
		if (!text.contains(":")) {
			assertThat(octets != null).as("'%s' is a dotted quad", text).isEqualTo(text.matches(DOTTED_QUAD));
		}
		else if (!ipv6Literal) {
			assertThat(octets).as("'%s' is no IPv6 literal", text).isNull();
		}
		else {
			// the JDK reads such text as a literal or refuses it, and looks nothing up
			InetAddress jdk = jdk(text);
			if (octets != null) {
				assertThat(jdk).as("the JDK reads '%s'", text).isNotNull();
			}
			else if (!text.contains(".") && !text.matches(".*[0-9a-fA-F]{5}.*")) {
				// the JDK also takes a group of five digits or more with leading zeros
				// (0b120:d8::1), which RFC 4291 and inet_pton do not
				assertThat(jdk).as("the JDK refuses '%s'", text).isNull();
			}
		}
		if (octets != null) {
			assertThat(octets.length).isEqualTo(text.contains(":") ? 16 : 4);
			assertThat(InetAddress.getByAddress(octets)).isEqualTo(jdk(text));
		}
		assertBlock(text);
	}

	private static void assertBlock(String text) throws IOException {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		byte[] literal = Cidr.literal((slash < 0) ? trimmed : trimmed.substring(0, slash));
		int bits = (literal == null) ? 0 : InetAddress.getByAddress(literal).getAddress().length * 8;
		String prefix = (slash < 0) ? String.valueOf(bits) : trimmed.substring(slash + 1);
		if (literal == null || !prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bits) {
			assertThatIllegalArgumentException().isThrownBy(() -> Cidr.valueOf(text))
				.withMessage("'" + text + "' is not " + Cidr.FORM);
			return;
		}
		Cidr block = Cidr.valueOf(text);
		assertThat(block.prefix()).isEqualTo(Integer.parseInt(prefix));
		assertThat(block.network()).hasSize(bits / 8);
		assertThat(block.contains(InetAddress.getByAddress(block.network()))).isTrue();
		assertThat(block.contains(InetAddress.getByAddress(literal))).isTrue();
		assertThat(Cidr.valueOf(block.toString())).isEqualTo(block);
	}

	private static InetAddress jdk(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			return null;
		}
	}

}
