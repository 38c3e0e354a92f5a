package dev.sixteen.settings;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sixteen.startup.TlsBundles;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every {@code sixteen.*} key given any value on the command line, bound and checked the
 * way start-up binds and checks it, and a refusal explained by the failure analyzers and
 * the one-line reporter start-up uses. Its saved inputs run in every build;
 * {@code JAZZER_FUZZ=1} fuzzes it (docs/fuzzing.md).
 */
class SettingsFuzzTests {

	/**
	 * Where a value breaks a constraint between settings, the setting it no longer fits.
	 */
	private static final Map<String, Set<String>> PARTNERS = Map.of("sixteen.server.frame-length",
			Set.of("sixteen.server.reply"), "sixteen.client.frame-length", Set.of("sixteen.client.message"),
			"sixteen.server.proxy-protocol.mode", Set.of("sixteen.server.proxy-protocol.trusted-proxies"));

	/**
	 * Property: any value of any sixteen setting either binds into settings that pass
	 * every check start-up makes of them, or stops start-up with exactly one error line,
	 * no stack trace, that says {@code invalid setting KEY=VALUE: what is allowed},
	 * naming the key given (or, where the value breaks a constraint between settings, the
	 * one it no longer fits); never another exception, and never a hang.
	 * @param input the key's index among all keys (first octet), then the value in UTF-8
	 */
	@FuzzTest
	void anyValueOfAnyKeyStartsOrStopsWithOneLineNamingIt(byte[] input) {
		List<String> keys = Startup.INSTANCE.keys;
		String key = keys.get((input.length == 0) ? 0 : (input[0] & 0xff) % keys.size());
		String value = new String(input, Math.min(1, input.length), Math.max(0, input.length - 1),
				StandardCharsets.UTF_8);
		// per value, not per test: while fuzzing, one invocation of the test runs them
		// all
		String failure = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Startup.INSTANCE.failure(key, value),
				"a hang");
		if (failure != null) {
			assertThat(failure).doesNotContain("\n", "\r").matches("invalid setting sixteen[^=]*=.*: .+");
			String named = failure.substring("invalid setting ".length(), failure.indexOf('='));
			assertThat(named).as(failure).isIn(names(key));
		}
	}

	private static Set<String> names(String key) {
		Set<String> names = new HashSet<>(PARTNERS.getOrDefault(key, Set.of()));
		names.add(key);
		return names;
	}

	private static List<String> keys(String prefix, Class<?> type) {
		List<String> keys = new ArrayList<>(List.of(prefix));
		for (RecordComponent component : type.getRecordComponents()) {
			String key = prefix + "." + DataObjectPropertyName.toDashedForm(component.getName());
			if (component.getType().isRecord()) {
				keys.addAll(keys(key, component.getType()));
			}
			else {
				keys.add(key);
			}
		}
		return keys;
	}

	/**
	 * The settings as start-up gets them: {@code application.yml}, then the command line;
	 * bound by Spring Boot's own binding post-processor into a new
	 * {@link SixteenProperties} for each value, and a failure handed to the failure
	 * analyzers and reporters that {@code spring.factories} names, as
	 * {@code SpringApplication} does.
	 */
	private static final class Startup {

		/**
		 * Made on first use, once Jazzer's agent is installed: a settings class loaded
		 * before it would be rewritten, and then no longer binds.
		 */
		static final Startup INSTANCE = new Startup();

		/** Every key under sixteen, groups included, from the settings records. */
		final List<String> keys = keys(SixteenProperties.PREFIX, SixteenProperties.class);

		private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

		private final SpringBootExceptionReporter reporter;

		private final ListAppender<ILoggingEvent> reported = new ListAppender<>();

		Startup() {
			MutablePropertySources sources = this.context.getEnvironment().getPropertySources();
			try {
				sources.addLast(
						new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
							.get(0));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			sources.addFirst(new SimpleCommandLinePropertySource());
			this.context.register(Binding.class);
			this.context.refresh();
			this.reporter = SpringFactoriesLoader.forDefaultResourceLocation()
				.load(SpringBootExceptionReporter.class,
						ArgumentResolver.of(ConfigurableApplicationContext.class, this.context))
				.get(0);
			// as application.yml has it: the one line, not Spring Boot's block
			logger("org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter").setLevel(Level.OFF);
			Logger startup = logger("sixteen.startup");
			startup.setLevel(Level.INFO);
			startup.setAdditive(false);
			this.reported.start();
			startup.addAppender(this.reported);
		}

		/**
		 * Starts with one setting given on the command line.
		 * @return the line that says why start-up failed, or null if the settings are
		 * good
		 */
		synchronized String failure(String key, String value) {
			this.context.getEnvironment()
				.getPropertySources()
				.replace(SimpleCommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME,
						new SimpleCommandLinePropertySource("--" + key + "=" + value));
			try {
				SixteenProperties settings = this.context.getBean(SixteenProperties.class);
				// what ServerConfiguration and ClientConfiguration check next; no bundle
				// here
				if (settings.server().ssl().enabled()) {
					TlsBundles.get(new DefaultSslBundleRegistry(), "sixteen.server.ssl.bundle",
							settings.server().ssl().bundle());
				}
				if (settings.client().ssl().enabled()) {
					TlsBundles.get(new DefaultSslBundleRegistry(), "sixteen.client.ssl.bundle",
							settings.client().ssl().bundle());
				}
				return null;
			}
			catch (RuntimeException ex) {
				this.reported.list.clear();
				assertThat(this.reporter.reportException(ex)).as("analyzed, not a stack trace: %s", ex).isTrue();
				assertThat(this.reported.list).as("one line").hasSize(1);
				ILoggingEvent line = this.reported.list.get(0);
				assertThat(line.getLevel()).isEqualTo(Level.ERROR);
				assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
				assertThat(line.getFormattedMessage()).startsWith("Start-up failed: ");
				return line.getFormattedMessage().substring("Start-up failed: ".length());
			}
		}

		private static Logger logger(String name) {
			return (Logger) LoggerFactory.getLogger(name);
		}

	}

	/**
	 * The binding start-up does, with a new binding each time the settings are asked for.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SixteenProperties.class)
	static class Binding {

		@Bean
		static GroupsTakeNoValue sixteenGroupsTakeNoValue() {
			return new GroupsTakeNoValue();
		}

		@Bean
		static BeanFactoryPostProcessor bindEachTime() {
			return (beanFactory) -> Arrays.stream(beanFactory.getBeanNamesForType(SixteenProperties.class, true, false))
				.map(beanFactory::getBeanDefinition)
				.forEach((definition) -> definition.setScope(BeanDefinition.SCOPE_PROTOTYPE));
		}

	}

}
