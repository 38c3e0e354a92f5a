package dev.sixteen.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Bench mode: loads a server of the exchange from C connections at once, in a closed
 * loop, and reports exchanges per second, errors by reason and latency percentiles.
 */
public final class Bench {

	private Bench() {
	}

	/**
	 * Runs the bench and reports it.
	 * @param settings what to do
	 * @param output how to report
	 * @param out where the summary goes
	 * @param err where the progress line and a failure to start go
	 * @return 0 if every exchange got the expected reply, 1 if any failed or none
	 * completed
	 */
	public static int run(BenchSettings settings, Output output, PrintWriter out, PrintWriter err) {
		if (output != Output.JSON) {
			TextReport.header(settings, out);
		}
		Summary summary;
		try {
			summary = LoadLoop.run(settings, progress(output, err));
		}
		catch (IOException ex) {
			err.println("sixteen bench: cannot start: " + ex.getMessage());
			err.flush();
			return 1;
		}
		if (output == Output.JSON) {
			JsonReport.summary(summary, out);
		}
		else {
			TextReport.summary(summary, out);
		}
		if (summary.exchanges() == 0 && summary.errors() == 0) {
			err.printf(Locale.ROOT, "sixteen bench: no exchange completed in %.1f s%n", summary.seconds());
			err.flush();
		}
		return (summary.errors() == 0 && summary.exchanges() > 0) ? 0 : 1;
	}

	private static Progress progress(Output output, PrintWriter err) {
		return switch (output) {
			case JSON -> Progress.none();
			case TEXT -> Progress.lines(err);
			case TERMINAL -> Progress.inPlace(err);
		};
	}

}
