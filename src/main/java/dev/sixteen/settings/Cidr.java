package dev.sixteen.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A block of addresses such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is
 * a block of one. Spring converts a setting to it through {@link #valueOf(String)}.
 *
 * @param network the network address, host bits cleared
 * @param prefix the number of leading bits that must match
 */
public record Cidr(byte[] network, int prefix) {

	/** What a block looks like, for messages. */
	public static final String FORM = "an IP address or CIDR block such as 10.0.0.0/8 or fd00::/8";

	/**
	 * Parses {@code address/prefix} or a bare address; never looks up a host name.
	 * @param text the block
	 * @return the block
	 * @throws IllegalArgumentException if the text is not an IP address with an optional
	 * prefix
	 */
	public static Cidr valueOf(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		byte[] literal = literal((slash < 0) ? trimmed : trimmed.substring(0, slash));
		if (literal == null) {
			throw invalid(text);
		}
		byte[] octets;
		try {
			// octets, not a name: nothing is looked up; ::ffff:10.0.0.1 becomes 10.0.0.1
			octets = InetAddress.getByAddress(literal).getAddress();
		}
		catch (UnknownHostException ex) {
			throw invalid(text);
		}
		int bits = octets.length * 8;
		int prefix = (slash < 0) ? bits : decimal(trimmed.substring(slash + 1), 3);
		if (prefix < 0 || prefix > bits) {
			throw invalid(text);
		}
		return new Cidr(mask(octets, prefix), prefix);
	}

	/**
	 * Reads an IP address literal the way {@code inet_pton} does: IPv4 as four decimal
	 * octets without leading zeros ({@code 192.0.2.7}), IPv6 as eight groups of up to
	 * four hex digits, one {@code ::} standing for one or more zero groups, and an
	 * optional IPv4 tail ({@code 2001:db8::7}, {@code ::ffff:192.0.2.7}). No zone, no
	 * brackets, and never a host name: {@code cafe} or {@code 999.1.1.1} is not a
	 * literal, so nothing is looked up.
	 * @param text the address
	 * @return its 4 or 16 octets, or {@code null} if the text is not such a literal
	 */
	public static byte @Nullable [] literal(String text) {
		return (text.indexOf(':') < 0) ? ipv4(text) : ipv6(text);
	}

	private static byte @Nullable [] ipv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return null;
		}
		byte[] octets = new byte[4];
		for (int i = 0; i < 4; i++) {
			int octet = decimal(parts[i], 3);
			if (octet < 0 || octet > 255 || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
				return null;
			}
			octets[i] = (byte) octet;
		}
		return octets;
	}

	private static byte @Nullable [] ipv6(String text) {
		int gap = text.indexOf("::");
		if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
			return null;
		}
		int[] head = groups((gap < 0) ? text : text.substring(0, gap), gap < 0);
		int[] tail = (gap < 0) ? new int[0] : groups(text.substring(gap + 2), true);
		if (head == null || tail == null || ((gap < 0) ? head.length != 8 : head.length + tail.length > 7)) {
			return null;
		}
		ByteBuffer octets = ByteBuffer.allocate(16);
		for (int group : head) {
			octets.putShort((short) group);
		}
		octets.position(16 - 2 * tail.length);
		for (int group : tail) {
			octets.putShort((short) group);
		}
		return octets.array();
	}

	/** Groups of hex digits between colons; the last, if it may be, an IPv4 address. */
	private static int @Nullable [] groups(String text, boolean last) {
		if (text.isEmpty()) {
			return new int[0];
		}
		String[] parts = text.split(":", -1);
		int[] groups = new int[parts.length + 1];
		int count = 0;
		for (int i = 0; i < parts.length; i++) {
			if (last && i == parts.length - 1 && parts[i].indexOf('.') >= 0) {
				byte[] ipv4 = ipv4(parts[i]);
				if (ipv4 == null) {
					return null;
				}
				groups[count++] = ((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff);
				groups[count++] = ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
				continue;
			}
			if (parts[i].isEmpty() || parts[i].length() > 4) {
				return null;
			}
			int group = 0;
			for (int j = 0; j < parts[i].length(); j++) {
				int digit = hex(parts[i].charAt(j));
				if (digit < 0) {
					return null;
				}
				group = (group << 4) | digit;
			}
			groups[count++] = group;
		}
		return Arrays.copyOf(groups, count);
	}

	/** An ASCII hex digit's value, or -1. */
	private static int hex(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
	}

	/** A number of 1 to {@code digits} ASCII digits, or -1. */
	private static int decimal(String text, int digits) {
		if (text.isEmpty() || text.length() > digits) {
			return -1;
		}
		int value = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	public boolean contains(InetAddress address) {
		byte[] octets = address.getAddress();
		return octets.length == this.network.length && Arrays.equals(mask(octets, this.prefix), this.network);
	}

	private static byte[] mask(byte[] octets, int prefix) {
		byte[] masked = octets.clone();
		for (int i = 0; i < masked.length; i++) {
			int keep = Math.max(0, Math.min(8, prefix - 8 * i));
			masked[i] &= (byte) (0xff << (8 - keep));
		}
		return masked;
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("'" + text + "' is not " + FORM);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Cidr cidr && cidr.prefix == this.prefix && Arrays.equals(cidr.network, this.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefix;
	}

	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(this.network).getHostAddress() + "/" + this.prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
