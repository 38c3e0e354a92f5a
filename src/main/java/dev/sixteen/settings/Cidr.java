package dev.sixteen.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

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
		String address = (slash < 0) ? trimmed : trimmed.substring(0, slash);
		if (address.isEmpty() || !(address.contains(":") || address.matches("[0-9.]+"))) {
			throw invalid(text);
		}
		byte[] octets;
		try {
			octets = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw invalid(text);
		}
		int bits = octets.length * 8;
		int prefix;
		try {
			prefix = (slash < 0) ? bits : Integer.parseInt(trimmed.substring(slash + 1));
		}
		catch (NumberFormatException ex) {
			throw invalid(text);
		}
		if (prefix < 0 || prefix > bits) {
			throw invalid(text);
		}
		return new Cidr(mask(octets, prefix), prefix);
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
