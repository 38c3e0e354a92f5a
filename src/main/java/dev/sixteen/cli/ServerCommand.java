package dev.sixteen.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.sixteen.server.SixteenServer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code sixteen server [HOST] [-p PORT]}: the classic server.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
		description = { "Listens on HOST:PORT; answers each 16-octet message with 'Farewell, client'.",
				"The actuator (health, metrics) listens on --server.port (8080 as shipped)." })
final class ServerCommand implements Callable<Integer> {

	@Parameters(arity = "0..1", paramLabel = "HOST",
			description = "Interface to listen on (default: sixteen.server.host, 0.0.0.0 as shipped).")
	@Nullable String host;

	@Option(names = { "-p", "--port" }, paramLabel = "PORT",
			description = "TCP port (default: sixteen.server.port, 1060 as shipped).")
	@Nullable Integer port;

	@Unmatched
	List<String> springArgs = new ArrayList<>();

	@Override
	public Integer call() {
		List<String> args = new ArrayList<>(this.springArgs);
		if (this.host != null) {
			args.add("--sixteen.server.host=" + this.host);
		}
		if (this.port != null) {
			args.add("--sixteen.server.port=" + this.port);
		}
		return SixteenServer.run(args);
	}

}
