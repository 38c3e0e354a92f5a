package dev.sixteen.settings;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
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
			.map(ConfigurationProperty::getName)
			.map(Object::toString)
			.map((key) -> "unknown setting " + key + " (" + known.hint(key) + ")")
			.toList();
		return new FailureAnalysis(String.join("; ", unknown), null, cause);
	}

}
