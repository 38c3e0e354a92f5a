package dev.sixteen.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to frame one 16-octet message with {@link FixedLengthCodec#deserialize} when TCP
 * delivers it in pieces of {@code fragment} octets: 16 is one read per frame, 1 the worst
 * case of a read per octet.
 *
 * <pre>
 * fragment=5:          | Hi th | ere,  | serve | r |
 * deserialize() gives: | Hi there, server         |
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FixedLengthCodecBenchmark {

	@Param({ "1", "5", "16" })
	int fragment;

	private final FixedLengthCodec codec = new FixedLengthCodec(16);

	private InputStream input = InputStream.nullInputStream();

	@Setup
	public void setUp() {
		this.input = new FragmentedInput("Hi there, server".getBytes(StandardCharsets.US_ASCII), this.fragment);
	}

	@Benchmark
	public byte[] deserialize() throws IOException {
		return this.codec.deserialize(this.input);
	}

	/**
	 * A peer that sends the same frame forever, at most {@code fragment} octets per read.
	 */
	static final class FragmentedInput extends InputStream {

		private final byte[] frame;

		private final int fragment;

		private int position;

		FragmentedInput(byte[] frame, int fragment) {
			this.frame = frame;
			this.fragment = fragment;
		}

		@Override
		public int read() {
			int octet = this.frame[this.position] & 0xff;
			this.position = (this.position + 1) % this.frame.length;
			return octet;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			int n = Math.min(Math.min(length, this.fragment), this.frame.length - this.position);
			System.arraycopy(this.frame, this.position, buffer, offset, n);
			this.position = (this.position + n) % this.frame.length;
			return n;
		}

	}

}
