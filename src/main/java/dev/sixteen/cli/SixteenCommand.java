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
		return new CommandLine(new SixteenCommand()).setOut(out).setErr(err).execute(args);
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
