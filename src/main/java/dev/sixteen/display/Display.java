package dev.sixteen.display;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * How sixteen shows octets and endpoints to people, in the server's log and the client's
 * output. Octets appear as Python's {@code repr(bytes)} shows them, so that a logged
 * message is exact and can never break a log line: {@code b'Hi there, server'},
 * {@code b'\x00\r\n'}. Endpoints appear as {@code 127.0.0.1:1060} or {@code [::1]:1060}.
 */
public final class Display {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Display() {
	}

	public static String octets(byte[] octets) {
		char quote = (contains(octets, '\'') && !contains(octets, '"')) ? '"' : '\'';
		StringBuilder out = new StringBuilder(octets.length + 3).append('b').append(quote);
		for (byte b : octets) {
			int c = b & 0xff;
			switch (c) {
				case '\t' -> out.append("\\t");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c == quote) {
						out.append('\\').append(quote);
					}
					else if (c >= 0x20 && c < 0x7f) {
						out.append((char) c);
					}
					else {
						out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
					}
				}
			}
		}
		return out.append(quote).toString();
	}

	public static String endpoint(@Nullable InetAddress address, int port) {
		if (address == null) {
			return "?:" + port;
		}
		String host = address.getHostAddress();
		return (address instanceof Inet6Address) ? "[" + host + "]:" + port : host + ":" + port;
	}

	private static boolean contains(byte[] octets, char c) {
		for (byte b : octets) {
			if (b == c) {
				return true;
			}
		}
		return false;
	}

}
