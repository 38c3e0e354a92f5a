package dev.sixteen.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A {@link StartupException} already says in one line what to fix, such as a busy address
 * or a missing SSL bundle: that line is the analysis.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class StartupExceptionAnalyzer extends AbstractFailureAnalyzer<StartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartupException cause) {
		return new FailureAnalysis(cause.getMessage(), null, cause);
	}

}
