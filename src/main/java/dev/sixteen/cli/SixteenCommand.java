package dev.sixteen.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.sixteen.server.SixteenServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * The {@code sixteen} command: with no subcommand it runs the server as
 * {@code application.yml} sets it up.
 */
@Command(name = "sixteen", mixinStandardHelpOptions = true, versionProvider = SixteenCommand.Version.class,
		subcommands = { ServerCommand.class, ClientCommand.class, BenchCommand.class },
		description = { "The sixteen-octet TCP exchange: read 16 octets, reply 'Farewell, client', close.",
				"With no command, runs the server as application.yml sets it up.",
				"Spring settings pass through: --sixteen.server.port=1061, --server.port=8081." })
public final class SixteenCommand implements Callable<Integer> {

	@Unmatched
	List<String> springArgs = new ArrayList<>();

	@Override
	public Integer call() {
		return SixteenServer.run(this.springArgs);
	}

	/**
	 * Parses the arguments and runs what they ask for.
	 * @param out where results and help go
	 * @param err where errors and usage mistakes go
	 * @param args the command line
	 * @return the exit code
	 */
	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		if (onlySpringSettings(args)) {
			// What picocli would do with them, without loading it: its classes, built for
			// Java 5, cannot be held in the image's AOT cache, and are read and verified
			// at each start, a fifth of the server's start-up (BENCHMARKS.md).
			return SixteenServer.run(List.of(args));
		}
		return new CommandLine(new SixteenCommand()).setOut(out).setErr(err).execute(args);
	}

	/**
	 * Tells whether the command line runs the server with Spring settings alone, each
	 * {@code --key=value}, as the image and the chart start it: no command, and no help
	 * or version asked for.
	 */
	static boolean onlySpringSettings(String... args) {
		for (String arg : args) {
			if (!arg.startsWith("--") || arg.indexOf('=') < 0 || arg.startsWith("--help")
					|| arg.startsWith("--version")) {
				return false;
			}
		}
		return true;
	}

	/** The version from the jar manifest. */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = SixteenCommand.class.getPackage().getImplementationVersion();
			return new String[] { "sixteen " + ((version != null) ? version : "(development build)") };
		}

	}

}
