package dev.sixteen.bench;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress line: rewritten in place on a terminal, one line a second elsewhere.
 */
class ProgressTests {

	private final StringWriter written = new StringWriter();

	@Test
	void writesOneLineEachSecondWhenNotOnATerminal() {
		Progress progress = Progress.lines(new PrintWriter(this.written));
		progress.show(1, 41230, 0, false);
		progress.show(2, 40007, 3, false);
		progress.clear();

		assertThat(this.written)
			.hasToString("   1s     41230 exchanges/s  errors 0\n" + "   2s     40007 exchanges/s  errors 3\n");
	}

	@Test
	void rewritesTheLineInPlaceOnATerminalAndErasesItAtTheEnd() {
		Progress progress = Progress.inPlace(new PrintWriter(this.written));
		progress.show(1, 41230, 0, true);
		progress.show(2, 9, 0, false);
		progress.clear();

		String first = "   1s     41230 exchanges/s  errors 0  (warm-up)";
		String second = "   2s         9 exchanges/s  errors 0";
		assertThat(this.written).hasToString("\r" + first + "\r" + second + " ".repeat(first.length() - second.length())
				+ "\r" + " ".repeat(first.length()) + "\r");
	}

}
