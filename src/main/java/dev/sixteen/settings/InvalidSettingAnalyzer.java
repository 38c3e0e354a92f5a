package dev.sixteen.settings;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Names each sixteen setting whose value is not allowed, as it was given, and says what
 * is: {@code invalid setting sixteen.server.port=70000: must be between 0 and 65535}. A
 * value that is not of its setting's kind (a word for a number, an unknown enum value) is
 * told by the kind; one that breaks a constraint, by the constraint's message.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class InvalidSettingAnalyzer extends AbstractFailureAnalyzer<BindException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!SixteenProperties.owns(cause.getName())
				|| cause.getCause() instanceof UnboundConfigurationPropertiesException) {
			return null;
		}
		String description = (cause.getCause() instanceof BindValidationException validation)
				? violations(validation.getValidationErrors()) : notOfItsKind(cause);
		return new FailureAnalysis(description, null, cause);
	}

	private static String notOfItsKind(BindException cause) {
		ConfigurationProperty property = (cause.getCause() instanceof GroupsTakeNoValue.GroupGivenAValue group)
				? group.property() : cause.getProperty();
		String setting = (property != null) ? property.getName() + "=" + property.getValue()
				: cause.getName().toString();
		return "invalid setting " + setting + ": must be " + AllowedValues.of(cause.getTarget().getType());
	}

	private static String violations(ValidationErrors errors) {
		Map<ConfigurationPropertyName, @Nullable Object> given = new HashMap<>();
		errors.getBoundProperties().forEach((property) -> given.put(property.getName(), property.getValue()));
		List<String> problems = errors.getAllErrors()
			.stream()
			.map((error) -> violation(errors.getName(), error, given))
			.sorted()
			.toList();
		return String.join("; ", problems);
	}

	private static String violation(ConfigurationPropertyName root, ObjectError error,
			Map<ConfigurationPropertyName, @Nullable Object> given) {
		if (!(error instanceof FieldError field)) {
			return "invalid settings under " + root + ": " + error.getDefaultMessage();
		}
		ConfigurationPropertyName name = root.append(DataObjectPropertyName.toDashedForm(field.getField()));
		Object value = given.containsKey(name) ? given.get(name) : text(field.getRejectedValue());
		return "invalid setting " + name + "=" + value + ": " + field.getDefaultMessage();
	}

	/** A bound value written as it would be in a setting. */
	private static @Nullable Object text(@Nullable Object value) {
		if (value instanceof Duration duration) {
			return DurationStyle.SIMPLE.print(duration);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT);
		}
		if (value instanceof Collection<?> values) {
			// as a list is written on the command line: 10.0.0.0/8,fd00::/8
			return values.stream().map(String::valueOf).collect(Collectors.joining(","));
		}
		return value;
	}

}
