package dev.sixteen.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.sixteen.client.SixteenClient;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code sixteen client HOST [-p PORT]}: the classic client.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
		description = { "Sends sixteen.client.message ('Hi there, server') to HOST:PORT and prints the reply.",
				"Exits 0 on a reply, 1 if the exchange failed (refused, timed out, short reply)." })
final class ClientCommand implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "HOST", description = "Server host name or address.")
	@Nullable String host;

	@Option(names = { "-p", "--port" }, paramLabel = "PORT",
			description = "TCP port (default: sixteen.client.port, 1060 as shipped).")
	@Nullable Integer port;

	@Unmatched
	List<String> springArgs = new ArrayList<>();

	@Override
	public Integer call() {
		List<String> args = new ArrayList<>(this.springArgs);
		args.add("--sixteen.client.host=" + this.host);
		if (this.port != null) {
			args.add("--sixteen.client.port=" + this.port);
		}
		CommandSpec command = java.util.Objects.requireNonNull(this.spec);
		return SixteenClient.run(args, command.commandLine().getOut(), command.commandLine().getErr());
	}

}
