package dev.sixteen.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sixteen.Fragments;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The codec fed any octets, cut into fragments any way TCP may cut them. Its saved inputs
 * run in every build; {@code JAZZER_FUZZ=1} fuzzes it (docs/fuzzing.md).
 */
class FixedLengthCodecFuzzTests {

	/**
	 * Property: for any frame length and any stream in any fragments, {@code deserialize}
	 * returns the stream frame by frame, each exactly the next {@code length} octets as
	 * sent, and writing them back with {@code serialize} gives the stream again; then it
	 * ends with {@link SoftEndOfStreamException} if the stream stopped between frames, or
	 * with a {@link ShortFrameException} that counts the octets of the partial frame.
	 * Nothing else is thrown, and nothing is read past the end.
	 * @param input the frame length less one (first octet), then {@link Fragments}
	 */
	@FuzzTest
	void readsEachFrameExactlyOrFailsAsAShortRead(byte[] input) throws IOException {
		int length = (input.length == 0) ? 1 : (input[0] & 0xff) + 1;
		FixedLengthCodec codec = new FixedLengthCodec(length);
		Fragments in = Fragments.of((input.length == 0) ? input : Arrays.copyOfRange(input, 1, input.length));
		byte[] stream = in.octets();
		ByteArrayOutputStream echoed = new ByteArrayOutputStream();
		for (int frames = 0;; frames++) {
			try {
				byte[] frame = codec.deserialize(in);
				assertThat(frame).isEqualTo(Arrays.copyOfRange(stream, frames * length, (frames + 1) * length));
				codec.serialize(frame, echoed);
			}
			catch (SoftEndOfStreamException ex) {
				assertThat(stream.length % length).as("a clean end between frames").isZero();
				assertThat(frames).isEqualTo(stream.length / length);
				break;
			}
			catch (ShortFrameException ex) {
				int partial = stream.length % length;
				assertThat(frames).isEqualTo(stream.length / length);
				assertThat(ex.received()).isEqualTo(partial).isPositive();
				assertThat(ex).hasMessage("was expecting " + length + " bytes but only received " + partial
						+ " bytes before the socket closed");
				break;
			}
			catch (IOException ex) {
				fail("neither a frame nor a short read", ex);
			}
		}
		assertThat(in.consumed()).isEqualTo(stream.length);
		assertThat(echoed.toByteArray()).isEqualTo(Arrays.copyOf(stream, stream.length - stream.length % length));
	}

}
