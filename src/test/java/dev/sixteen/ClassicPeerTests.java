package dev.sixteen;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.sixteen.client.SixteenClient;
import dev.sixteen.server.ServerApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sixteen against a Python peer of the classic exchange, in both roles.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = "sixteen.server.port=0")
class ClassicPeerTests {

	@Autowired
	private TcpNetServerConnectionFactory listener;

	@BeforeAll
	static void needsPython() {
		assumeTrue(onPath("python3"), "python3 is not on the PATH: the classic peer cannot run");
	}

	@Test
	void classicClientGetsFarewellFromSixteen() throws Exception {
		Process client = python("client", "127.0.0.1", String.valueOf(this.listener.getPort()));
		assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
			.isEqualTo("The server said b'Farewell, client'\n");
		assertThat(client.exitValue()).isZero();
	}

	@Test
	void sixteenClientGetsFarewellFromTheClassicServer() throws Exception {
		Process server = python("server", "127.0.0.1", "0");
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
			String port = lines.readLine().replace("Listening at ", "");
			StringWriter out = new StringWriter();
			int exitCode = SixteenClient.run(List.of("--sixteen.client.port=" + port), new PrintWriter(out),
					new PrintWriter(new StringWriter()));
			assertThat(exitCode).isZero();
			assertThat(out.toString()).contains("The server said b'Farewell, client'");
			assertThat(lines.readLine()).isEqualTo("Incoming sixteen-octet message: b'Hi there, server'");
		}
		finally {
			assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static Process python(String... args) throws IOException, URISyntaxException {
		Path script = Path.of(ClassicPeerTests.class.getResource("/classic/classic_sixteen.py").toURI());
		List<String> command = new java.util.ArrayList<>(List.of("python3", script.toString()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (new File(dir, program).canExecute()) {
				return true;
			}
		}
		return false;
	}

}
