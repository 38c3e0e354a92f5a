package dev.sixteen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default {@code max-connections} fits the process: a real server started with 512
 * MiB ({@code -XX:MaxRAM=512m}, the chart's memory limit), or with few files, says at
 * start-up how many connections it takes and why.
 */
class ConnectionLimitTests {

	private static final Pattern LIMIT = Pattern.compile("Accepting up to (\\d+) connections at once \\((.*)\\)");

	private static final Pattern MEMORY = Pattern.compile(
			"derived from the memory: 512 MiB the JVM may use, less a (\\d+) MiB heap and 160 MiB for the JVM, at 40 KiB per connection on a platform thread");

	private static final Pattern FILES = Pattern
		.compile("derived from the open-file limit: 300 allowed, (\\d+) open, 64 kept free");

	@Test
	void leavesAPlatformThreadPerConnectionTheMemoryBesideTheHeap() throws Exception {
		Matcher limit = startedLimit(0, List.of("-XX:MaxRAM=512m"), "--spring.threads.virtual.enabled=false");
		Matcher memory = MEMORY.matcher(limit.group(2));
		assertThat(memory.matches()).as(limit.group(2)).isTrue();
		long heap = Long.parseLong(memory.group(1));
		assertThat(Integer.parseInt(limit.group(1))).isEqualTo((512 - heap - 160) * 1024 / 40).isLessThan(10_000);
	}

	@Test
	void leavesFilesForTheJvmWhenTheOpenFileLimitIsLow() throws Exception {
		Matcher limit = startedLimit(300, List.of());
		Matcher files = FILES.matcher(limit.group(2));
		assertThat(files.matches()).as(limit.group(2)).isTrue();
		assertThat(Integer.parseInt(limit.group(1))).isEqualTo(300 - Integer.parseInt(files.group(1)) - 64);
	}

	private static Matcher startedLimit(int openFiles, List<String> jvm, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("server", "127.0.0.1", "-p", "0", "--server.port=0"));
		command.addAll(List.of(args));
		try (ServerProcess server = ServerProcess.start(openFiles, jvm, command.toArray(String[]::new))) {
			server.awaitListening();
			Matcher limit = LIMIT.matcher(server.log());
			assertThat(limit.find()).as(server.log()).isTrue();
			return limit;
		}
	}

}
