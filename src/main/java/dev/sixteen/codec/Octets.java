package dev.sixteen.codec;

/**
 * Renders octets the way Python's {@code repr(bytes)} does, so that a logged message is
 * exact and can never break a log line: {@code b'Hi there, server'}, {@code b'\x00\r\n'}.
 */
public final class Octets {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Octets() {
	}

	public static String repr(byte[] octets) {
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

	private static boolean contains(byte[] octets, char c) {
		for (byte b : octets) {
			if (b == c) {
				return true;
			}
		}
		return false;
	}

}
