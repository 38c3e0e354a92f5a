package dev.sixteen.server;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sixteen.server.connection.ExchangeConnection;
import dev.sixteen.server.connection.SixteenInboundGateway;
import dev.sixteen.server.listener.SixteenServerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/spring-integration.md, the ledger of what sixteen overrides in Spring Integration,
 * stays true: it names the version on the classpath, every overridden method and every
 * bean the server defines.
 */
class SpringIntegrationLedgerTests {

	private static final Path LEDGER = Path.of("docs/spring-integration.md");

	@Test
	void namesTheSpringIntegrationVersionOnTheClasspath() throws IOException {
		Matcher checked = Pattern.compile("Checked against Spring Integration \\*\\*([^*]+)\\*\\*")
			.matcher(Files.readString(LEDGER));
		assertThat(checked.find()).as("the ledger says which version it was checked against").isTrue();
		assertThat(TcpNetConnection.class.getPackage().getImplementationVersion())
			.as("Spring Integration was upgraded: re-check every method in %s, then change its version", LEDGER)
			.isEqualTo(checked.group(1));
	}

	@Test
	void namesEveryFrameworkMethodTheServerOverrides() throws IOException {
		String ledger = Files.readString(LEDGER);
		List<String> missing = new ArrayList<>();
		for (Class<?> type : List.of(ExchangeConnection.class, SixteenServerFactory.class,
				SixteenInboundGateway.class)) {
			for (Method method : type.getDeclaredMethods()) {
				if (overridesFramework(type, method) && !ledger.contains("`" + method.getName() + "(")) {
					missing.add(type.getSimpleName() + "." + method.getName());
				}
			}
		}
		assertThat(missing).as("overrides of Spring Integration that %s does not list", LEDGER).isEmpty();
	}

	@Test
	void namesEveryBeanTheServerDefines() throws IOException {
		String ledger = Files.readString(LEDGER);
		List<String> missing = new ArrayList<>();
		for (Class<?> type : List.of(ServerConfiguration.class, ActuatorConfiguration.class)) {
			for (Method method : type.getDeclaredMethods()) {
				if (method.isAnnotationPresent(Bean.class) && !ledger.contains("`" + method.getName() + "`")) {
					missing.add(type.getSimpleName() + "." + method.getName());
				}
			}
		}
		assertThat(missing).as("beans that %s does not name", LEDGER).isEmpty();
	}

	private static boolean overridesFramework(Class<?> type, Method method) {
		if (method.isSynthetic() || Modifier.isStatic(method.getModifiers())
				|| Modifier.isPrivate(method.getModifiers())) {
			return false;
		}
		List<Class<?>> framework = new ArrayList<>(List.of(type.getInterfaces()));
		for (Class<?> parent = type.getSuperclass(); parent != null; parent = parent.getSuperclass()) {
			framework.add(parent);
			framework.addAll(List.of(parent.getInterfaces()));
		}
		for (Class<?> candidate : framework) {
			if (!candidate.getName().startsWith("org.springframework.integration.")) {
				continue;
			}
			try {
				candidate.getDeclaredMethod(method.getName(), method.getParameterTypes());
				return true;
			}
			catch (NoSuchMethodException ex) {
				// not declared there
			}
		}
		return false;
	}

}
