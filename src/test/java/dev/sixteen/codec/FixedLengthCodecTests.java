package dev.sixteen.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FixedLengthCodecTests {

	private static final byte[] HI = "Hi there, server".getBytes(StandardCharsets.US_ASCII);

	private final FixedLengthCodec codec = new FixedLengthCodec(16);

	@Test
	void readsExactlySixteenOctets() throws IOException {
		assertThat(this.codec.deserialize(fragments(HI))).isEqualTo(HI);
	}

	@Test
	void readsSixteenOctetsSplitOneAndFifteen() throws IOException {
		assertThat(this.codec.deserialize(fragments(part(0, 1), part(1, 16)))).isEqualTo(HI);
	}

	@Test
	void readsSixteenOctetsSplitSevenAndNine() throws IOException {
		assertThat(this.codec.deserialize(fragments(part(0, 7), part(7, 16)))).isEqualTo(HI);
	}

	@Test
	void readsSixteenOctetsArrivingOneAtATime() throws IOException {
		byte[][] octets = new byte[16][];
		for (int i = 0; i < 16; i++) {
			octets[i] = part(i, i + 1);
		}
		assertThat(this.codec.deserialize(fragments(octets))).isEqualTo(HI);
	}

	@Test
	void readsBackToBackFramesFromOneSegment() throws IOException {
		byte[] two = new byte[32];
		System.arraycopy(HI, 0, two, 0, 16);
		Arrays.fill(two, 16, 32, (byte) 0xff);
		InputStream in = fragments(two);
		assertThat(this.codec.deserialize(in)).isEqualTo(HI);
		assertThat(this.codec.deserialize(in)).containsOnly((byte) 0xff).hasSize(16);
	}

	@Test
	void reframesSegmentsThatStraddleFrames() throws IOException {
		InputStream in = fragments(part(0, 5), concat(part(5, 16), part(0, 3)), part(3, 16));
		assertThat(this.codec.deserialize(in)).isEqualTo(HI);
		assertThat(this.codec.deserialize(in)).isEqualTo(HI);
	}

	@Test
	void acceptsEveryOctetValue() throws IOException {
		FixedLengthCodec all = new FixedLengthCodec(256);
		byte[] frame = new byte[256];
		for (int i = 0; i < 256; i++) {
			frame[i] = (byte) i;
		}
		assertThat(all.deserialize(fragments(frame))).isEqualTo(frame);
	}

	@Test
	void endsCleanlyWhenPeerClosesBetweenFrames() throws IOException {
		InputStream in = fragments(HI);
		this.codec.deserialize(in);
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> this.codec.deserialize(in));
	}

	@Test
	void saysHowManyOctetsCameWhenPeerClosesMidFrame() {
		assertThatExceptionOfType(ShortFrameException.class)
			.isThrownBy(() -> this.codec.deserialize(fragments(part(0, 3), part(3, 7))))
			.withMessage("was expecting 16 bytes but only received 7 bytes before the socket closed")
			.satisfies((ex) -> assertThat(ex.received()).isEqualTo(7));
	}

	@Test
	void framesAnotherLength() throws IOException {
		FixedLengthCodec four = new FixedLengthCodec(4);
		InputStream in = fragments("abcdef".getBytes(StandardCharsets.US_ASCII));
		assertThat(four.deserialize(in)).asString(StandardCharsets.US_ASCII).isEqualTo("abcd");
		assertThatExceptionOfType(ShortFrameException.class).isThrownBy(() -> four.deserialize(in))
			.withMessage("was expecting 4 bytes but only received 2 bytes before the socket closed");
	}

	@Test
	void writesAFrameAsItIs() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.codec.serialize(HI, out);
		assertThat(out.toByteArray()).isEqualTo(HI);
	}

	@Test
	void refusesToWriteAFrameOfAnotherLength() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.serialize(new byte[15], new ByteArrayOutputStream()))
			.withMessage("a frame is exactly 16 octets, got 15");
	}

	@Test
	void refusesAFrameLengthBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FixedLengthCodec(0));
	}

	private static byte[] part(int from, int to) {
		return Arrays.copyOfRange(HI, from, to);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	/** A stream whose reads return the given segments one at a time, as TCP may. */
	private static InputStream fragments(byte[]... segments) {
		Deque<byte[]> queue = new ArrayDeque<>(Arrays.asList(segments));
		return new InputStream() {

			private byte[] current = new byte[0];

			private int position;

			@Override
			public int read() {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.position == this.current.length) {
					if (queue.isEmpty()) {
						return -1;
					}
					this.current = queue.poll();
					this.position = 0;
				}
				int n = Math.min(length, this.current.length - this.position);
				System.arraycopy(this.current, this.position, buffer, offset, n);
				this.position += n;
				return n;
			}

		};
	}

}
