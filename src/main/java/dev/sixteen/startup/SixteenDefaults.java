package dev.sixteen.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code META-INF/sixteen/defaults.yml}, what sixteen needs of Spring Boot's own
 * settings (the actuator's endpoints and readiness group, log levels, virtual threads),
 * below every other source of settings: an application that depends on sixteen gets them
 * without copying them, and overrides any of them as it overrides Spring Boot's defaults.
 * (An application's own {@code application.yml} hides sixteen's, so that one cannot carry
 * them.)
 */
public final class SixteenDefaults implements EnvironmentPostProcessor {

	static final String NAME = "sixteen defaults (META-INF/sixteen/defaults.yml)";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		try {
			List<PropertySource<?>> defaults = new YamlPropertySourceLoader().load(NAME,
					new ClassPathResource("META-INF/sixteen/defaults.yml", SixteenDefaults.class.getClassLoader()));
			environment.getPropertySources().addLast(defaults.get(0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
