package dev.sixteen.bench;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.sixteen.cli.SixteenCommand;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of {@code sixteen bench ...} through the real command line, with what it
 * printed and its exit code.
 *
 * @param exitCode what the command returned
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record BenchRun(int exitCode, String out, String err) {

	static BenchRun of(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = new CommandLine(new SixteenCommand()).setOut(new PrintWriter(out))
			.setErr(new PrintWriter(err))
			.execute(args);
		return new BenchRun(exitCode, out.toString(), err.toString());
	}

	static BenchRun against(int port, String... options) {
		String[] args = new String[options.length + 4];
		args[0] = "bench";
		args[1] = "127.0.0.1";
		args[2] = "-p";
		args[3] = Integer.toString(port);
		System.arraycopy(options, 0, args, 4, options.length);
		return of(args);
	}

	JsonNode json() {
		return JsonMapper.shared().readTree(this.out);
	}

}
