package dev.sixteen.balancer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * The last lines of a process's output, headed by its name: what a failure's message
 * shows of each process.
 */
final class Tail {

	private static final int LINES = 40;

	private Tail() {
	}

	static String of(String name, Stream<String> lines) {
		Deque<String> last = new ArrayDeque<>(LINES);
		long[] count = { 0 };
		lines.forEach((line) -> {
			count[0]++;
			if (last.size() == LINES) {
				last.removeFirst();
			}
			last.addLast(line);
		});
		return "--- " + name + " (last " + last.size() + " of " + count[0] + " lines) ---\n" + String.join("\n", last)
				+ "\n";
	}

}
