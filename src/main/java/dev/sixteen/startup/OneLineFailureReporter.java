package dev.sixteen.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;
import org.springframework.util.StringUtils;

/**
 * Reports why start-up failed in one log line, {@code Start-up failed: } and the
 * analysis, where Spring Boot's own reporter prints a block (application.yml silences
 * that one). sixteen's analyzers say what is wrong and what is allowed in the
 * description; an analysis of Spring Boot's gets its suggested action in parentheses. The
 * stack trace is logged only at debug level ({@code logging.level.sixteen.startup}).
 */
final class OneLineFailureReporter implements FailureAnalysisReporter {

	private static final Logger log = LoggerFactory.getLogger("sixteen.startup");

	@Override
	public void report(FailureAnalysis analysis) {
		String line = oneLine(analysis.getDescription());
		if (StringUtils.hasText(analysis.getAction())) {
			line += " (" + oneLine(analysis.getAction()) + ")";
		}
		log.error("Start-up failed: {}", line);
		log.debug("Start-up failed", analysis.getCause());
	}

	private static String oneLine(String text) {
		return text.strip().replaceAll("\\s+", " ");
	}

}
