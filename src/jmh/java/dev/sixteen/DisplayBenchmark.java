package dev.sixteen;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.sixteen.display.Display;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to render a 16-octet frame with {@link Display#octets}, as the server does for
 * each exchange it logs: {@code printable} is the classic request, {@code binary} escapes
 * every octet ({@code b'\x80\x81...'}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DisplayBenchmark {

	@Param({ "printable", "binary" })
	String octets;

	private byte[] frame = new byte[0];

	@Setup
	public void setUp() {
		if ("printable".equals(this.octets)) {
			this.frame = "Hi there, server".getBytes(StandardCharsets.US_ASCII);
		}
		else {
			this.frame = new byte[16];
			for (int i = 0; i < this.frame.length; i++) {
				this.frame[i] = (byte) (0x80 | i);
			}
		}
	}

	@Benchmark
	public String repr() {
		return Display.octets(this.frame);
	}

}
