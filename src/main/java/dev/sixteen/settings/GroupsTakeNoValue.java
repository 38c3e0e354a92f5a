package dev.sixteen.settings;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;

/**
 * Refuses a value given to a group of settings, such as {@code sixteen.server.ssl=on}:
 * Spring Boot binds a group from the keys under it and would drop such a value without a
 * word. Each application that binds {@link SixteenProperties} registers it as a bean.
 */
public final class GroupsTakeNoValue implements ConfigurationPropertiesBindHandlerAdvisor {

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new AbstractBindHandler(bindHandler) {

			@Override
			public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target,
					BindContext context) {
				Class<?> type = target.getType().resolve();
				if (SixteenProperties.owns(name) && type != null && type.isRecord()) {
					ConfigurationProperty value = valueOf(name, context);
					if (value != null) {
						throw new GroupGivenAValue(value);
					}
				}
				return super.onStart(name, target, context);
			}

		};
	}

	private static @Nullable ConfigurationProperty valueOf(ConfigurationPropertyName name, BindContext context) {
		for (ConfigurationPropertySource source : context.getSources()) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	/** A value given to a group of settings; {@link InvalidSettingAnalyzer} says so. */
	static final class GroupGivenAValue extends IllegalArgumentException {

		private final ConfigurationProperty property;

		GroupGivenAValue(ConfigurationProperty property) {
			super(property.getName() + " is a group of settings");
			this.property = property;
		}

		ConfigurationProperty property() {
			return this.property;
		}

	}

}
