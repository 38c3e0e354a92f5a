package dev.sixteen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import dev.sixteen.server.ServerApplication;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ServerApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = "sixteen.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
class CliTests {

	@Autowired
	private TcpNetServerConnectionFactory listener;

	@Test
	void clientPrintsTheReplyAndExitsZero() {
		Result result = run("client", "127.0.0.1", "-p", String.valueOf(this.listener.getPort()));
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("The server said b'Farewell, client'");
	}

	@Test
	void clientSaysConnectionRefusedAndExitsOne() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Result result = run("client", "127.0.0.1", "-p", String.valueOf(closedPort));
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err())
			.isEqualTo("sixteen: cannot connect to 127.0.0.1:" + closedPort + ": connection refused\n");
	}

	@Test
	void clientSaysHowShortAShortReplyWasAndExitsOne() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Void> shortServer = CompletableFuture.runAsync(() -> answer(server, "Farewel"));
			Result result = run("client", "127.0.0.1", "-p", String.valueOf(server.getLocalPort()));
			shortServer.get();
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err())
				.isEqualTo("sixteen: was expecting 16 bytes but only received 7 bytes before the socket closed\n");
		}
	}

	@Test
	void clientGivesUpOnASilentServerAfterItsReadTimeout() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Result result = run("client", "127.0.0.1", "-p", String.valueOf(server.getLocalPort()),
					"--sixteen.client.read-timeout=300ms");
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err()).isEqualTo("sixteen: no reply from 127.0.0.1:" + server.getLocalPort()
					+ " within 300 ms (sixteen.client.read-timeout)\n");
		}
	}

	@Test
	void serverFailsToStartOnABusyPortInOneLine(CapturedOutput output) {
		int busy = this.listener.getPort();
		Result result = run("server", "-p", String.valueOf(busy), "--server.port=0");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output.getAll())
			.contains("Start-up failed: cannot listen on 0.0.0.0:" + busy + ": address already in use")
			.doesNotContain("\tat ");
	}

	@Test
	void serverFailsToStartOnAnInvalidSettingNamingTheKey(CapturedOutput output) {
		Result result = run("server", "-p", "70000", "--server.port=0");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output.getAll())
			.contains("Start-up failed: invalid setting sixteen.server.port=70000: must be between 0 and 65535")
			.doesNotContain("\tat ");
	}

	@Test
	void serverRefusesAReplyOfTheWrongLength(CapturedOutput output) {
		Result result = run("server", "--sixteen.server.port=0", "--server.port=0", "--sixteen.server.reply=Bye");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output.getAll()).contains(
				"Start-up failed: sixteen.server.reply must be exactly 16 octets (sixteen.server.frame-length), got 3");
	}

	@Test
	void serverRefusesAnUnknownSetting(CapturedOutput output) {
		Result result = run("--sixteen.server.prot=1060", "--server.port=0");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output.getAll()).contains("Start-up failed: unknown setting sixteen.server.prot");
	}

	@Test
	void serverRefusesAnAllowedClientThatIsNotANetwork(CapturedOutput output) {
		Result result = run("--sixteen.server.port=0", "--server.port=0",
				"--sixteen.server.allowed-clients=10.0.0.0/33");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output.getAll())
			.contains("Start-up failed: invalid setting sixteen.server.allowed-clients=10.0.0.0/33:"
					+ " '10.0.0.0/33' is not an IP address or CIDR block such as 10.0.0.0/8 or fd00::/8");
	}

	@Test
	void serverRefusesAnSslBundleThatDoesNotExist(CapturedOutput output) {
		Result result = run("--sixteen.server.port=0", "--server.port=0", "--sixteen.server.ssl.bundle=missing");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output.getAll()).contains("Start-up failed: invalid setting sixteen.server.ssl.bundle=missing:"
				+ " no SSL bundle of that name (define it under spring.ssl.bundle.pem.missing");
	}

	@Test
	void helpNamesTheCommands() {
		Result result = run("--help");
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("server", "client", "Spring settings pass through");
	}

	@Test
	void clientWithoutAHostIsAUsageError() {
		Result result = run("client");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Missing required parameter: 'HOST'");
	}

	private static void answer(ServerSocket server, String reply) {
		try (Socket peer = server.accept(); InputStream in = peer.getInputStream()) {
			in.readNBytes(16);
			peer.getOutputStream().write(reply.getBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = SixteenCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new Result(exitCode, out.toString(), err.toString());
	}

	private record Result(int exitCode, String out, String err) {
	}

}
