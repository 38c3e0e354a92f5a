package dev.sixteen.cli;

import java.io.Console;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.sixteen.bench.Bench;
import dev.sixteen.bench.BenchSettings;
import dev.sixteen.bench.Output;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.boot.convert.DurationStyle;

/**
 * {@code sixteen bench HOST [-p PORT] [-c CONNS] [-d DURATION] ...}: load for any server
 * of the exchange. Plain Java: no Spring context starts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Loads HOST:PORT from CONNS connections at once, in a closed loop: each connects,",
				"sends the message, reads the whole reply, then sends again (--keep-alive) or reconnects.",
				"Prints exchanges/s, errors by reason and latency percentiles (connect or send to reply).",
				"Exits 0 if every exchange got the expected reply, 1 if any failed or none completed.",
				"Durations take a unit: 500ms, 10s, 1m; a bare number is seconds." })
final class BenchCommand implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "HOST", description = "Server host name or address.")
	String host = "";

	@Option(names = { "-p", "--port" }, paramLabel = "PORT", defaultValue = "1060",
			description = "TCP port (default: ${DEFAULT-VALUE}).")
	int port;

	@Option(names = { "-c", "--connections" }, paramLabel = "CONNS", defaultValue = "50",
			description = "Connections open at once (default: ${DEFAULT-VALUE}).")
	int connections;

	@Option(names = { "-d", "--duration" }, paramLabel = "DURATION", defaultValue = "10s",
			converter = DurationConverter.class, description = "How long to measure (default: ${DEFAULT-VALUE}).")
	Duration duration = Duration.ZERO;

	@Option(names = { "-w", "--warmup" }, paramLabel = "DURATION", defaultValue = "0s",
			converter = DurationConverter.class,
			description = "Load first for this long, left out of the figures (default: ${DEFAULT-VALUE}).")
	Duration warmup = Duration.ZERO;

	@Option(names = { "-n", "--exchanges" }, paramLabel = "N",
			description = "Stop after N measured exchanges, if that comes before the duration.")
	@Nullable Long exchanges;

	@Option(names = { "-k", "--keep-alive" }, paramLabel = "N", defaultValue = "1",
			description = { "Exchanges per connection before it reconnects (default: ${DEFAULT-VALUE}).",
					"Above 1, the server must keep connections open." })
	int keepAlive;

	@Option(names = { "-m", "--message" }, paramLabel = "TEXT", defaultValue = "Hi there, server",
			description = "The message, sent in UTF-8 (default: ${DEFAULT-VALUE}).")
	String message = "";

	@Option(names = { "-r", "--reply" }, paramLabel = "TEXT", defaultValue = "Farewell, client",
			description = "The reply expected; as many octets are read (default: ${DEFAULT-VALUE}).")
	String reply = "";

	@Option(names = "--reply-length", paramLabel = "OCTETS",
			description = "Read replies of this many octets and take any of them, for a server whose reply varies.")
	@Nullable Integer replyLength;

	@Option(names = { "-t", "--timeout" }, paramLabel = "DURATION", defaultValue = "5s",
			converter = DurationConverter.class,
			description = "Time allowed for one exchange, connect included (default: ${DEFAULT-VALUE}).")
	Duration timeout = Duration.ZERO;

	@Option(names = "--json", description = "Print the summary as one JSON object, and no progress line.")
	boolean json;

	@Override
	public Integer call() {
		CommandLine command = Objects.requireNonNull(this.spec).commandLine();
		Output output = this.json ? Output.JSON : onTerminal() ? Output.TERMINAL : Output.TEXT;
		return Bench.run(settings(command), output, command.getOut(), command.getErr());
	}

	private BenchSettings settings(CommandLine command) {
		if (this.port < 1 || this.port > 65535) {
			throw new ParameterException(command, "--port must be between 1 and 65535, got " + this.port);
		}
		InetSocketAddress server = new InetSocketAddress(this.host, this.port);
		if (server.isUnresolved()) {
			throw new ParameterException(command, "unknown host: " + this.host);
		}
		byte[] reply = this.reply.getBytes(StandardCharsets.UTF_8);
		if (this.replyLength != null) {
			if (this.replyLength < 1 || this.replyLength > 65536) {
				throw new ParameterException(command,
						"--reply-length must be between 1 and 65536, got " + this.replyLength);
			}
			if (command.getParseResult().hasMatchedOption("--reply")) {
				throw new ParameterException(command, "give --reply or --reply-length, not both");
			}
			reply = new byte[this.replyLength];
		}
		try {
			return new BenchSettings(server, this.connections, this.duration, this.warmup,
					(this.exchanges != null) ? this.exchanges : Long.MAX_VALUE, this.keepAlive,
					this.message.getBytes(StandardCharsets.UTF_8), reply, this.replyLength != null, this.timeout);
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(command, ex.getMessage());
		}
	}

	/**
	 * Tells whether the console is a terminal, where the progress line can be rewritten
	 * in place. Before JDK 22 a console exists only on a terminal; from JDK 22 on it
	 * says.
	 */
	private static boolean onTerminal() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
		}
		catch (NoSuchMethodException ex) {
			return true;
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	/** Reads {@code 500ms}, {@code 10s}, {@code 1m}, or a bare number of seconds. */
	static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

		@Override
		public Duration convert(String value) {
			try {
				return DurationStyle.detectAndParse(value, ChronoUnit.SECONDS);
			}
			catch (IllegalArgumentException ex) {
				throw new CommandLine.TypeConversionException(
						"'" + value + "' is not a duration such as 500ms, 10s or 1m");
			}
		}

	}

}
