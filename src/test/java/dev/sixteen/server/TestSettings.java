package dev.sixteen.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sixteen.settings.SixteenProperties;
import dev.sixteen.settings.SixteenServerProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Settings for tests that build the server's parts without Spring: the defaults the
 * application ships, bound from its own {@code application.yml}, with a test's few
 * overrides on top, so that no default is repeated here.
 */
public final class TestSettings {

	private TestSettings() {
	}

	/**
	 * The shipped server settings, listening on loopback, on a free port.
	 * @param readTimeout {@code read-timeout}
	 * @param closeAfterReply {@code close-after-reply}
	 * @return the settings
	 */
	public static SixteenServerProperties server(Duration readTimeout, boolean closeAfterReply) {
		return bind(
				Map.of("sixteen.server.host", "127.0.0.1", "sixteen.server.port", "0", "sixteen.server.read-timeout",
						readTimeout.toString(), "sixteen.server.close-after-reply", String.valueOf(closeAfterReply)))
			.server();
	}

	/**
	 * Binds every setting, as the application does: the overrides, then
	 * {@code application.yml}'s defaults (its first document, no profile).
	 * @param overrides settings that win over the defaults
	 * @return the settings
	 */
	public static SixteenProperties bind(Map<String, Object> overrides) {
		List<PropertySource<?>> sources = new ArrayList<>();
		sources.add(new MapPropertySource("test", overrides));
		try {
			sources.add(new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
				.get(0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Binder(ConfigurationPropertySources.from(sources))
			.bind(SixteenProperties.PREFIX, SixteenProperties.class)
			.get();
	}

}
