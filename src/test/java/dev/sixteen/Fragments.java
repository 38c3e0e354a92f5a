package dev.sixteen;

import java.io.InputStream;
import java.util.Arrays;

/**
 * A fuzz input read as TCP might deliver it: a first octet {@code n}, then {@code n % 8}
 * fragment sizes (one octet each, 0 standing for 256), then the stream itself, handed out
 * in reads of those sizes in turn. No sizes: all that is asked for at once.
 *
 * <pre>
 * input:    02 | 03 01 | H i   t h e r e
 * reads:    Hi  | t | he  | r | e ...       (3 octets, then 1, then 3 ...)
 * </pre>
 */
public final class Fragments extends InputStream {

	private final int[] sizes;

	private final byte[] octets;

	private int next;

	private int read;

	private Fragments(int[] sizes, byte[] octets) {
		this.sizes = sizes;
		this.octets = octets;
	}

	/**
	 * Reads the fragment sizes and the stream from a fuzz input.
	 * @param input the sizes, then the stream
	 * @return the stream
	 */
	public static Fragments of(byte[] input) {
		int count = (input.length == 0) ? 0 : Math.min((input[0] & 0xff) % 8, input.length - 1);
		int[] sizes = new int[count];
		for (int i = 0; i < count; i++) {
			int size = input[1 + i] & 0xff;
			sizes[i] = (size == 0) ? 256 : size;
		}
		int start = Math.min(input.length, 1 + count);
		return new Fragments(sizes, Arrays.copyOfRange(input, start, input.length));
	}

	/** The whole stream, as written. */
	public byte[] octets() {
		return this.octets.clone();
	}

	/** How many octets the reader has taken so far. */
	public int consumed() {
		return this.read;
	}

	@Override
	public int read() {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		if (this.read == this.octets.length) {
			return -1;
		}
		int size = (this.sizes.length == 0) ? length : this.sizes[this.next++ % this.sizes.length];
		int n = Math.min(Math.min(size, length), this.octets.length - this.read);
		System.arraycopy(this.octets, this.read, buffer, offset, n);
		this.read += n;
		return n;
	}

}
