package dev.sixteen.balancer;

import java.util.List;

/**
 * The last lines of a process's output, headed by its name: what a failure's message
 * shows of each process.
 */
final class Tail {

	private static final int LINES = 40;

	private Tail() {
	}

	static String of(String name, String output) {
		List<String> lines = output.lines().toList();
		List<String> last = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
		return "--- " + name + " (last " + last.size() + " of " + lines.size() + " lines) ---\n"
				+ String.join("\n", last) + "\n";
	}

}
