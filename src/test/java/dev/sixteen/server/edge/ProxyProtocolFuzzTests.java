package dev.sixteen.server.edge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sixteen.Fragments;
import dev.sixteen.settings.Cidr;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY header reader fed any octets in any fragments, from a trusted balancer and
 * from a stranger, with the header optional and required. Its saved inputs run in every
 * build; {@code JAZZER_FUZZ=1} fuzzes it (docs/fuzzing.md).
 */
class ProxyProtocolFuzzTests {

	private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] V2 = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	private static final List<Cidr> TRUSTED = List.of(Cidr.valueOf("10.0.0.0/8"), Cidr.valueOf("fd00::/8"));

	private static final ProxyProtocol OPTIONAL = new ProxyProtocol(false, TRUSTED);

	private static final ProxyProtocol REQUIRED = new ProxyProtocol(true, TRUSTED);

	/**
	 * Property: whatever arrives, the reader either refuses it with a {@link BadHeader}
	 * whose message is one printable line, or accepts it; nothing else is thrown. It
	 * refuses a stream without a header only when the header is required, and accepts a
	 * header only from a trusted peer. What it accepts loses no octet: the octets it took
	 * are the header, then {@code rest}, which the exchange gets. The header is exactly
	 * one v1 line (its first CRLF ends it) or one v2 block of the length it states, and
	 * the client and destination are the addresses it names, read as literals (as the JDK
	 * reads them, where that cannot look up a name), or the peer itself where it names
	 * none.
	 * @param input flags (first octet: 1 required, 2 a trusted peer, 4 an IPv6 peer),
	 * then {@link Fragments}
	 */
	@FuzzTest
	void acceptsOnlyAWholeHeaderFromATrustedPeerAndLosesNoOctet(byte[] input) throws IOException {
		int flags = (input.length == 0) ? 0 : input[0];
		boolean required = (flags & 1) != 0;
		boolean trusted = (flags & 2) != 0;
		InetSocketAddress peer = peer(trusted, (flags & 4) != 0);
		Fragments in = Fragments.of((input.length == 0) ? input : Arrays.copyOfRange(input, 1, input.length));
		byte[] stream = in.octets();
		boolean signed = startsWith(stream, V1) || startsWith(stream, V2);
		ProxyProtocol.Header header;
		try {
			header = (required ? REQUIRED : OPTIONAL).read(peer, in);
		}
		catch (ProxyProtocol.BadHeader ex) {
			assertThat(ex.getMessage()).as("one printable line").matches("[\\x20-\\x7e]{1,600}");
			assertThat(signed || required).as("refused only a header, or no header where one is required").isTrue();
			return;
		}
		byte[] taken = Arrays.copyOf(stream, in.consumed());
		byte[] rest = header.rest();
		assertThat(rest).as("what follows the header")
			.isEqualTo(Arrays.copyOfRange(taken, taken.length - rest.length, taken.length));
		byte[] head = Arrays.copyOf(taken, taken.length - rest.length);
		if (head.length == 0) {
			assertThat(signed).isFalse();
			assertThat(required).isFalse();
			assertNamesNone(header, peer);
			return;
		}
		assertThat(trusted).as("a header from a trusted peer only").isTrue();
		if (startsWith(head, V1)) {
			assertV1(head, header, peer);
		}
		else {
			assertV2(head, header, peer);
		}
	}

	private static void assertV1(byte[] head, ProxyProtocol.Header header, InetSocketAddress peer) {
		String line = new String(head, StandardCharsets.ISO_8859_1);
		assertThat(head.length).isLessThanOrEqualTo(ProxyProtocol.V1_LIMIT);
		assertThat(line.indexOf("\r\n")).as("the first CRLF ends the header").isEqualTo(line.length() - 2);
		String[] fields = line.substring(0, line.length() - 2).split(" ", -1);
		if (fields[1].equals("UNKNOWN")) {
			assertNamesNone(header, peer);
			return;
		}
		assertThat(fields).hasSize(6);
		assertThat(fields[1]).isIn("TCP4", "TCP6");
		assertThat(header.client()).isEqualTo(new InetSocketAddress(literal(fields[2], fields[1]), port(fields[4])));
		assertThat(header.destination())
			.isEqualTo(new InetSocketAddress(literal(fields[3], fields[1]), port(fields[5])));
	}

	private static void assertV2(byte[] head, ProxyProtocol.Header header, InetSocketAddress peer) throws IOException {
		assertThat(startsWith(head, V2)).isTrue();
		ByteBuffer block = ByteBuffer.wrap(head);
		int versionCommand = block.get(12) & 0xff;
		int family = block.get(13) & 0xff;
		assertThat(head.length).as("the length it states").isEqualTo(16 + (block.getShort(14) & 0xffff));
		assertThat(versionCommand).isIn(0x20, 0x21);
		int size = (family == 0x11) ? 4 : (family == 0x21) ? 16 : 0;
		if (versionCommand == 0x20 || size == 0) {
			assertNamesNone(header, peer);
			return;
		}
		byte[] source = Arrays.copyOfRange(head, 16, 16 + size);
		byte[] destination = Arrays.copyOfRange(head, 16 + size, 16 + 2 * size);
		block.position(16 + 2 * size);
		assertThat(header.client())
			.isEqualTo(new InetSocketAddress(InetAddress.getByAddress(source), block.getShort() & 0xffff));
		assertThat(header.destination())
			.isEqualTo(new InetSocketAddress(InetAddress.getByAddress(destination), block.getShort() & 0xffff));
	}

	private static void assertNamesNone(ProxyProtocol.Header header, InetSocketAddress peer) {
		assertThat(header.client()).isEqualTo(peer);
		assertThat(header.destination()).isNull();
	}

	/**
	 * The address as the JDK reads it, asked only where it reads a literal and looks up
	 * nothing: a dotted quad of decimal octets, or hex digits, colons and dots that begin
	 * with a hex digit or a colon.
	 */
	private static @Nullable InetAddress literal(String text, String family) {
		boolean four = family.equals("TCP4");
		String octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
		boolean literal = four ? text.matches(octet + "(\\." + octet + "){3}")
				: text.matches("[0-9a-fA-F:][0-9a-fA-F:.]*") && text.contains(":");
		assertThat(literal).as("'%s' is a %s literal", text, family).isTrue();
		try {
			return InetAddress.getByName(text);
		}
		catch (IOException ex) {
			throw new AssertionError("'" + text + "' is not a " + family + " address", ex);
		}
	}

	private static int port(String text) {
		assertThat(text).matches("[0-9]{1,5}");
		return Integer.parseInt(text);
	}

	private static InetSocketAddress peer(boolean trusted, boolean ipv6) throws IOException {
		String address = ipv6 ? (trusted ? "fd00::9" : "2001:db8::66") : (trusted ? "10.0.0.9" : "192.0.2.66");
		return new InetSocketAddress(InetAddress.getByName(address), 51000);
	}

	private static boolean startsWith(byte[] octets, byte[] prefix) {
		return octets.length >= prefix.length && Arrays.equals(octets, 0, prefix.length, prefix, 0, prefix.length);
	}

}
