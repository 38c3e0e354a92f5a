package dev.sixteen.settings;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;

/**
 * Names each key under {@code sixteen} that no setting binds, with the setting it was
 * probably meant to be: {@code unknown setting sixteen.serv.port (did you mean
 * sixteen.server.port?)}. Spring Boot finds those keys because {@link SixteenProperties}
 * does not ignore unknown fields; this reads the known ones from the bound type.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class UnknownSettingAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		BindException bind = findCause(rootFailure, BindException.class);
		Class<?> type = (bind != null) ? bind.getTarget().getType().resolve() : null;
		if (bind == null || type == null || !type.isRecord() || !SixteenProperties.owns(bind.getName())) {
			return null;
		}
		KnownSettings known = KnownSettings.of(bind.getName().toString(), type);
		List<String> unknown = cause.getUnboundProperties()
			.stream()
			.map((property) -> problem(known, property))
			.toList();
		return new FailureAnalysis(String.join("; ", unknown), null, cause);
	}

	/**
	 * Why a property was left unbound: its key names no setting, or it does and its value
	 * is empty (a setting with a default binds no empty value; found by fuzzing).
	 */
	private static String problem(KnownSettings known, ConfigurationProperty property) {
		String key = property.getName().toString();
		ResolvableType type = known.typeOf(key);
		if (type != null) {
			return "invalid setting " + key + "=" + property.getValue() + ": must be " + AllowedValues.of(type);
		}
		return "unknown setting " + key + " (" + known.hint(key) + ")";
	}

}
