package dev.sixteen.server.edge;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.sixteen.settings.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * HAProxy's PROXY protocol, versions 1 and 2: the header an L4 load balancer that
 * rewrites the source address (SNAT) sends first, to say whose connection it forwards.
 * The client's address in it then stands for the peer in the log, {@code allowed-clients}
 * and {@code max-connections-per-client}.
 *
 * <pre>
 * v1:  PROXY TCP4 192.0.2.7 10.0.0.5 40412 1060\r\n     then the exchange
 * v2:  \r\n\r\n\0\r\nQUIT\n  21  11  00 0c  c0 00 02 07  0a 00 00 05  9d dc  04 24   then the exchange
 *      signature (12)       ver family length source     destination  s.port d.port (and TLVs)
 * </pre>
 *
 * Only peers in {@code trusted-proxies} may send a header; a header from any other peer,
 * a malformed, oversized or truncated one, and (when {@code required}) none at all end
 * the connection without a reply, counted as {@code proxy_header}. Octets that follow the
 * header are handed on, not lost.
 */
final class ProxyProtocol {

	/** The longest v1 header, CRLF included (the protocol's own limit). */
	static final int V1_LIMIT = 107;

	/** The longest v2 header this server reads, TLVs included. */
	static final int V2_LIMIT = 1024;

	private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private final boolean required;

	private final List<Cidr> trustedProxies;

	ProxyProtocol(boolean required, List<Cidr> trustedProxies) {
		this.required = required;
		this.trustedProxies = trustedProxies;
	}

	/**
	 * Reads the header a connection begins with, if it has one.
	 * @param peer who connected: a balancer, if it is trusted
	 * @param in the connection's input
	 * @return the client and destination the header names (the peer's own where it names
	 * none), and the octets read past it
	 * @throws IOException if the header is not acceptable ({@link BadHeader}) or the
	 * input fails
	 */
	Header read(InetSocketAddress peer, InputStream in) throws IOException {
		boolean trusted = this.trustedProxies.stream().anyMatch((network) -> network.contains(peer.getAddress()));
		byte[] buffer = new byte[V2_LIMIT];
		int length = 0;
		while (length < V2_SIGNATURE.length && prefixOf(buffer, length, V1_SIGNATURE, V2_SIGNATURE)) {
			int n = in.read(buffer, length, V2_SIGNATURE.length - length);
			if (n < 0) {
				break;
			}
			length += n;
		}
		boolean v1 = startsWith(buffer, length, V1_SIGNATURE);
		boolean v2 = startsWith(buffer, length, V2_SIGNATURE);
		if (!v1 && !v2) {
			if (this.required && trusted) {
				throw new BadHeader("no PROXY header (sixteen.server.proxy-protocol.mode=required)");
			}
			if (this.required) {
				throw untrusted(peer);
			}
			return new Header(peer, null, Arrays.copyOf(buffer, length));
		}
		if (!trusted) {
			throw untrusted(peer);
		}
		return v1 ? readV1(peer, in, buffer, length) : readV2(peer, in, buffer, length);
	}

	private static BadHeader untrusted(InetSocketAddress peer) {
		return new BadHeader("PROXY header from " + peer.getAddress().getHostAddress()
				+ ", which is not in sixteen.server.proxy-protocol.trusted-proxies");
	}

	private static Header readV1(InetSocketAddress peer, InputStream in, byte[] buffer, int read) throws IOException {
		int length = read;
		int end;
		while ((end = crlf(buffer, length)) < 0) {
			if (length >= V1_LIMIT) {
				throw new BadHeader("PROXY header longer than " + V1_LIMIT + " octets");
			}
			int n = in.read(buffer, length, V1_LIMIT - length);
			if (n < 0) {
				throw new BadHeader("PROXY header cut short: the peer closed after " + length + " octets");
			}
			length += n;
		}
		// one char per octet, so that a message can show any octet as it came
		String[] fields = new String(buffer, 0, end, StandardCharsets.ISO_8859_1).split(" ", -1);
		byte[] rest = Arrays.copyOfRange(buffer, end + 2, length);
		if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
			return new Header(peer, null, rest);
		}
		if (fields.length != 6 || !(fields[1].equals("TCP4") || fields[1].equals("TCP6"))) {
			throw malformed("a v1 header is PROXY TCP4|TCP6 SOURCE DESTINATION SPORT DPORT");
		}
		return new Header(v1Address(fields[2], fields[4], fields[1]), v1Address(fields[3], fields[5], fields[1]), rest);
	}

	private static InetSocketAddress v1Address(String address, String port, String family) throws BadHeader {
		// a literal only: a word such as cafe is no address, and is never looked up
		byte[] octets = Cidr.literal(address);
		if (octets == null || (octets.length == 4) != family.equals("TCP4") || !port.matches("[0-9]{1,5}")
				|| Integer.parseInt(port) > 65535) {
			throw malformed("'" + printable(address) + "' port '" + printable(port) + "' is not a " + family
					+ " address and port");
		}
		try {
			return new InetSocketAddress(InetAddress.getByAddress(octets), Integer.parseInt(port));
		}
		catch (UnknownHostException ex) {
			throw malformed("'" + printable(address) + "' is not an address");
		}
	}

	private static Header readV2(InetSocketAddress peer, InputStream in, byte[] buffer, int read) throws IOException {
		int length = fill(in, buffer, read, 16);
		int versionCommand = buffer[12] & 0xff;
		int family = buffer[13] & 0xff;
		int addresses = ((buffer[14] & 0xff) << 8) | (buffer[15] & 0xff);
		if (versionCommand >> 4 != 2 || (versionCommand & 0xf) > 1) {
			throw malformed(
					"version and command 0x" + Integer.toHexString(versionCommand) + " is not v2 LOCAL or PROXY");
		}
		if (16 + addresses > V2_LIMIT) {
			throw new BadHeader("PROXY header longer than " + V2_LIMIT + " octets (" + (16 + addresses) + ")");
		}
		length = fill(in, buffer, length, 16 + addresses);
		byte[] rest = Arrays.copyOfRange(buffer, 16 + addresses, length);
		boolean local = (versionCommand & 0xf) == 0;
		int size = switch (family) {
			case 0x11 -> 4;
			case 0x21 -> 16;
			default -> 0;
		};
		if (local || size == 0) {
			// a balancer's own connection (a health check), or a family sixteen has no
			// use for: the peer stands for itself
			return new Header(peer, null, rest);
		}
		if (addresses < 2 * size + 4) {
			throw malformed(addresses + " octets cannot hold two addresses and ports of family 0x"
					+ Integer.toHexString(family));
		}
		ByteBuffer fields = ByteBuffer.wrap(buffer, 16, addresses);
		byte[] source = new byte[size];
		byte[] destination = new byte[size];
		fields.get(source).get(destination);
		int sourcePort = fields.getShort() & 0xffff;
		int destinationPort = fields.getShort() & 0xffff;
		return new Header(new InetSocketAddress(InetAddress.getByAddress(source), sourcePort),
				new InetSocketAddress(InetAddress.getByAddress(destination), destinationPort), rest);
	}

	/** Reads until {@code needed} octets are in the buffer. */
	private static int fill(InputStream in, byte[] buffer, int read, int needed) throws IOException {
		int length = read;
		while (length < needed) {
			int n = in.read(buffer, length, needed - length);
			if (n < 0) {
				throw new BadHeader("PROXY header cut short: the peer closed after " + length + " octets");
			}
			length += n;
		}
		return length;
	}

	private static BadHeader malformed(String detail) {
		return new BadHeader("malformed PROXY header: " + detail);
	}

	/**
	 * A header's field as a log line can hold it: an octet that is not printable ASCII,
	 * such as a line feed that would forge a line, is shown as {@code \xNN}.
	 */
	private static String printable(String field) {
		StringBuilder text = new StringBuilder(field.length());
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			text.append((c >= 0x20 && c < 0x7f) ? String.valueOf(c) : String.format("\\x%02x", (int) c));
		}
		return text.toString();
	}

	private static boolean prefixOf(byte[] buffer, int length, byte[]... signatures) {
		for (byte[] signature : signatures) {
			if (Arrays.equals(buffer, 0, Math.min(length, signature.length), signature, 0,
					Math.min(length, signature.length))) {
				return true;
			}
		}
		return false;
	}

	private static boolean startsWith(byte[] buffer, int length, byte[] signature) {
		return length >= signature.length && Arrays.equals(buffer, 0, signature.length, signature, 0, signature.length);
	}

	private static int crlf(byte[] buffer, int length) {
		for (int i = 0; i + 1 < length; i++) {
			if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
				return i;
			}
		}
		return -1;
	}

	/**
	 * What a header says.
	 *
	 * @param client the client, or the peer itself where the header names none
	 * @param destination the address the client connected to, if the header names one
	 * @param rest the octets read past the header: the start of the exchange
	 */
	record Header(InetSocketAddress client, @Nullable InetSocketAddress destination, byte[] rest) {
	}

	/** A header the server does not accept; counted as {@code proxy_header}. */
	static final class BadHeader extends IOException {

		BadHeader(String message) {
			super(message);
		}

	}

}
