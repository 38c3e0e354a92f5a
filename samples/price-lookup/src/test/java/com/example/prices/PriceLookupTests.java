package com.example.prices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The price lookup on a real socket: sixteen's listener on a free port
 * ({@code sixteen.server.port=0}), learnt from {@code local.sixteen.port}.
 */
@SpringBootTest(properties = { "sixteen.server.port=0", "server.port=0" })
class PriceLookupTests {

	@Value("${local.sixteen.port}")
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void answersAKnownItemWithItsPrice() throws IOException {
		assertThat(exchange("PRICAB-1234 ")).isEqualTo("00AB-1234 0000001999EUR ");
	}

	@Test
	void answersAnUnknownItemWithStatus14() throws IOException {
		assertThat(exchange("PRICZZ-0000 ")).isEqualTo("14ZZ-0000 0000000000EUR ");
	}

	@Test
	void answersAnUnknownTransactionWithStatus30() throws IOException {
		assertThat(exchange("VOIDAB-1234 ")).isEqualTo("30AB-1234 0000000000EUR ");
	}

	@Test
	void keepsTheConnectionForMoreQueries() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			for (String item : new String[] { "AB-1234 ", "CD-5678 " }) {
				socket.getOutputStream().write(("PRIC" + item).getBytes(StandardCharsets.US_ASCII));
				assertThat(read(socket.getInputStream())).startsWith("00" + item);
			}
		}
	}

	@Test
	void countsEachReplyInSixteensMeters() throws IOException {
		double before = this.meters.get("sixteen.replies.sent").counter().count();
		exchange("PRICCD-5678 ");
		await().until(() -> this.meters.get("sixteen.replies.sent").counter().count() == before + 1);
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			// in two pieces: sixteen reads the whole request however TCP splits it
			out.write(request.substring(0, 5).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			out.write(request.substring(5).getBytes(StandardCharsets.US_ASCII));
			return read(socket.getInputStream());
		}
	}

	private static String read(InputStream in) throws IOException {
		return new String(in.readNBytes(PriceLookup.REPLY_LENGTH), StandardCharsets.US_ASCII);
	}

}
