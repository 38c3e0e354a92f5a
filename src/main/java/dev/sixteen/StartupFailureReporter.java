package dev.sixteen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Says in one line why start-up failed, for the failures a user can fix: a bad setting
 * (naming the key and what is allowed), a busy address, or any {@link StartupException}.
 * Anything else is left to Spring Boot's own report.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class StartupFailureReporter implements SpringBootExceptionReporter {

	private static final Logger log = LoggerFactory.getLogger(StartupFailureReporter.class);

	public StartupFailureReporter(ConfigurableApplicationContext context) {
	}

	@Override
	public boolean reportException(Throwable failure) {
		String line = explain(failure);
		if (line == null) {
			return false;
		}
		log.error("Start-up failed: {}", line);
		return true;
	}

	static @Nullable String explain(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof StartupException) {
				return cause.getMessage();
			}
			if (cause instanceof BindValidationException validation) {
				return invalid(validation);
			}
			if (cause instanceof UnboundConfigurationPropertiesException unbound) {
				List<String> keys = new ArrayList<>();
				unbound.getUnboundProperties().forEach((property) -> keys.add(property.getName().toString()));
				return "unknown setting " + String.join(", ", keys)
						+ " (a typo? see the configuration table in README.md)";
			}
			if (cause instanceof BindException bind && !(bind.getCause() instanceof BindValidationException)
					&& !(bind.getCause() instanceof UnboundConfigurationPropertiesException)) {
				return invalid(bind);
			}
		}
		return null;
	}

	private static String invalid(BindValidationException validation) {
		List<String> problems = new ArrayList<>();
		String prefix = validation.getValidationErrors().getName().toString();
		for (ObjectError error : validation.getValidationErrors()) {
			if (error instanceof FieldError field) {
				problems.add("invalid setting " + prefix + "." + kebab(field.getField()) + "="
						+ field.getRejectedValue() + ": " + field.getDefaultMessage());
			}
			else {
				problems.add("invalid settings under " + prefix + ": " + error.getDefaultMessage());
			}
		}
		return String.join("; ", problems);
	}

	private static String invalid(BindException bind) {
		Throwable root = bind;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		if (root instanceof IllegalArgumentException && root.getMessage() != null
				&& root.getMessage().startsWith("sixteen.")) {
			return root.getMessage();
		}
		ConfigurationProperty property = bind.getProperty();
		String setting = (property != null) ? property.getName() + "=" + property.getValue()
				: bind.getName().toString();
		Class<?> type = bind.getTarget().getType().toClass();
		String problem = (expected(type) != null) ? "must be " + expected(type) : root.getMessage();
		return "invalid setting " + setting + ": " + problem;
	}

	private static @Nullable String expected(Class<?> type) {
		if (type == Duration.class) {
			return "a duration such as 10s or 500ms";
		}
		if (type == int.class || type == Integer.class) {
			return "a whole number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		return null;
	}

	private static String kebab(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
