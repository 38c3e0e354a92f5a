package dev.sixteen.settings;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sixteen.cli.SixteenCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Each kind of bad setting, given to the real command: start-up stops with exit code 1
 * and exactly one line that names the key, the value given and what is allowed, with no
 * stack trace and no Java type's name.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadSettingsTests {

	@Test
	void aNumberOutOfRangeSaysTheRange(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.max-connections=-1"))
			.isEqualTo("invalid setting sixteen.server.max-connections=-1: must be 0 (derived from memory) or more");
		assertThat(failure(output, "server", "-p", "70000", "--server.port=0"))
			.isEqualTo("invalid setting sixteen.server.port=70000: must be between 0 and 65535");
	}

	@Test
	void aWordForANumberSaysANumber(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.backlog=lots"))
			.isEqualTo("invalid setting sixteen.server.backlog=lots: must be a whole number");
	}

	@Test
	void anUnknownEnumValueListsTheValues(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.ssl.client-auth=maybe"))
			.isEqualTo("invalid setting sixteen.server.ssl.client-auth=maybe: must be one of none, want, need");
	}

	@Test
	void aDurationWithoutAUnitItKnowsSaysWhatADurationIs(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.read-timeout=10 seconds")).isEqualTo(
				"invalid setting sixteen.server.read-timeout=10 seconds: must be a duration such as 10s or 500ms");
		assertThat(clientFailure(output, "--sixteen.client.connect-timeout=soon"))
			.isEqualTo("invalid setting sixteen.client.connect-timeout=soon: must be a duration such as 10s or 500ms");
	}

	@Test
	void aBooleanThatIsNeitherSaysTrueOrFalse(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.close-after-reply=sometimes"))
			.isEqualTo("invalid setting sixteen.server.close-after-reply=sometimes: must be true or false");
	}

	@Test
	void anAllowedClientThatIsNotANetworkSaysWhatANetworkIs(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.allowed-clients=10.0.0.0/8,10.0.0.0/33"))
			.isEqualTo("invalid setting sixteen.server.allowed-clients=10.0.0.0/8,10.0.0.0/33: must be a"
					+ " comma-separated list, each an IP address or CIDR block such as 10.0.0.0/8 or fd00::/8");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					server | --sixteen.server.read-timeout=0s     | sixteen.server.read-timeout=0s: must be longer than 0, such as 10s or 500ms
					server | --sixteen.server.read-timeout=-10s   | sixteen.server.read-timeout=-10s: must be longer than 0, such as 10s or 500ms
					server | --sixteen.server.shutdown-timeout=-1s | sixteen.server.shutdown-timeout=-1s: must be 0s or longer, such as 20s
					client | --sixteen.client.connect-timeout=0s  | sixteen.client.connect-timeout=0s: must be 1s or longer, in whole seconds
					client | --sixteen.client.connect-timeout=500ms | sixteen.client.connect-timeout=500ms: must be 1s or longer, in whole seconds
					client | --sixteen.client.read-timeout=-5s    | sixteen.client.read-timeout=-5s: must be longer than 0, such as 10s or 500ms
					""")
	void aZeroOrNegativeTimeoutSaysWhatIsAllowed(String mode, String setting, String problem, CapturedOutput output) {
		String failure = mode.equals("server") ? serverFailure(output, setting) : clientFailure(output, setting);
		assertThat(failure).isEqualTo("invalid setting " + problem);
	}

	@Test
	void aProxyProtocolModeNamesItsValuesAndNeedsTrustedProxies(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.proxy-protocol.mode=sometimes")).isEqualTo(
				"invalid setting sixteen.server.proxy-protocol.mode=sometimes: must be one of off, optional, required");
		assertThat(serverFailure(output, "--sixteen.server.proxy-protocol.mode=required"))
			.isEqualTo("invalid setting sixteen.server.proxy-protocol.trusted-proxies=: must name the load balancers'"
					+ " networks, such as 10.0.0.0/8, when sixteen.server.proxy-protocol.mode is optional or required");
	}

	/**
	 * An empty value of a setting that has a default is left unbound by Spring Boot,
	 * which then calls the key unknown; it is told as the value it is (the settings' fuzz
	 * test found it once the defaults moved into the records).
	 */
	@Test
	void anEmptyValueOfASettingWithADefaultIsToldAsInvalidNotUnknown(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.proxy-protocol.mode="))
			.isEqualTo("invalid setting sixteen.server.proxy-protocol.mode=: must be one of off, optional, required");
		assertThat(serverFailure(output, "--sixteen.server.reply-length="))
			.isEqualTo("invalid setting sixteen.server.reply-length=: must be a whole number");
	}

	@Test
	void aValueForAGroupOfSettingsSaysItIsAGroup(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.ssl=on")).isEqualTo(
				"invalid setting sixteen.server.ssl=on: must be a group of settings, set by the keys under it, not a value");
	}

	/**
	 * A length out of range is told as such, before the reply or message that no longer
	 * fits it.
	 */
	@ParameterizedTest
	@CsvSource({ "server, frame-length, 0", "server, frame-length, 65537", "client, frame-length, 0",
			"client, frame-length, 65537", "server, request-length, 0", "server, reply-length, 65537",
			"client, request-length, 65537", "client, reply-length, 0" })
	void aLengthOutOfRangeSaysTheRange(String mode, String key, int length, CapturedOutput output) {
		String setting = "--sixteen." + mode + "." + key + "=" + length;
		String failure = mode.equals("server") ? serverFailure(output, setting) : clientFailure(output, setting);
		assertThat(failure)
			.isEqualTo("invalid setting sixteen." + mode + "." + key + "=" + length + ": must be between 1 and 65536");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					server | --sixteen.server.reply=Bye           | sixteen.server.reply=Bye: must be exactly 16 octets in UTF-8 (as many as frame-length), got 3
					client | --sixteen.client.message=Hi          | sixteen.client.message=Hi: must be exactly 16 octets in UTF-8 (as many as frame-length), got 2
					server | --sixteen.server.reply-length=8      | sixteen.server.reply=Farewell, client: must be exactly 8 octets in UTF-8 (as many as reply-length), got 16
					client | --sixteen.client.request-length=4    | sixteen.client.message=Hi there, server: must be exactly 4 octets in UTF-8 (as many as request-length), got 16
					""")
	void aReplyOrMessageOfTheWrongLengthSaysWhichLength(String mode, String setting, String problem,
			CapturedOutput output) {
		String failure = mode.equals("server") ? serverFailure(output, setting) : clientFailure(output, setting);
		assertThat(failure).isEqualTo("invalid setting " + problem);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					server | --sixteen.serv.port=1061       | unknown setting sixteen.serv.port (did you mean sixteen.server.port?)
					server | --sixteen.server.prot=1061     | unknown setting sixteen.server.prot (did you mean sixteen.server.port?)
					server | --sixteen.server.ssl.bundel=x  | unknown setting sixteen.server.ssl.bundel (did you mean sixteen.server.ssl.bundle?)
					client | --sixteen.client.prot=1        | unknown setting sixteen.client.prot (did you mean sixteen.client.port?)
					server | --sixteen.verbose=true         | unknown setting sixteen.verbose (known under sixteen: server.*, client.*)
					server | --sixteen.server.ssl.ciphers=x | unknown setting sixteen.server.ssl.ciphers (known under sixteen.server.ssl: bundle, client-auth)
					""")
	void anUnknownKeyAtAnyDepthIsNamedWithTheNearestKnownOne(String mode, String setting, String expected,
			CapturedOutput output) {
		String failure = mode.equals("server") ? serverFailure(output, setting) : clientFailure(output, setting);
		assertThat(failure).isEqualTo(expected);
	}

	@Test
	void anSslBundleThatDoesNotExistIsNamedForTheServerAndTheClient(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.ssl.bundle=missing"))
			.isEqualTo("invalid setting sixteen.server.ssl.bundle=missing: no SSL bundle of that name"
					+ " (define it under spring.ssl.bundle.pem.missing or spring.ssl.bundle.jks.missing)");
		assertThat(clientFailure(output, "--sixteen.client.ssl.bundle=absent"))
			.isEqualTo("invalid setting sixteen.client.ssl.bundle=absent: no SSL bundle of that name"
					+ " (define it under spring.ssl.bundle.pem.absent or spring.ssl.bundle.jks.absent)");
	}

	@Test
	void severalBadSettingsAreNamedInOneLine(CapturedOutput output) {
		assertThat(serverFailure(output, "--sixteen.server.port=-1", "--sixteen.server.backlog=0"))
			.isEqualTo("invalid setting sixteen.server.backlog=0: must be at least 1;"
					+ " invalid setting sixteen.server.port=-1: must be between 0 and 65535");
	}

	private static String serverFailure(CapturedOutput output, String... settings) {
		List<String> args = new ArrayList<>(List.of("server", "--server.port=0"));
		if (List.of(settings).stream().noneMatch((setting) -> setting.startsWith("--sixteen.server.port="))) {
			args.add("--sixteen.server.port=0");
		}
		args.addAll(List.of(settings));
		return failure(output, args.toArray(String[]::new));
	}

	private static String clientFailure(CapturedOutput output, String setting) {
		return failure(output, "client", "127.0.0.1", setting);
	}

	/**
	 * Runs the command, which must fail to start, and returns the one line that says why.
	 */
	private static String failure(CapturedOutput output, String... args) {
		int before = output.getAll().length();
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		// a server that starts instead would run until stopped
		int exitCode = assertTimeoutPreemptively(Duration.ofSeconds(60),
				() -> SixteenCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args),
				"started instead of failing");
		String printed = output.getAll().substring(before);
		assertThat(exitCode).as(printed).isEqualTo(1);
		assertThat(printed).doesNotContain("\tat ", "Caused by");
		List<String> lines = printed.lines().filter((line) -> line.contains("Start-up failed: ")).toList();
		assertThat(lines).as(printed).hasSize(1);
		String why = lines.get(0).substring(lines.get(0).indexOf("Start-up failed: ") + "Start-up failed: ".length());
		// no Java type, such as dev.sixteen.settings.SixteenServerProperties$ClientAuth
		assertThat(why).doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]").doesNotContain("Exception");
		return why;
	}

}
