package dev.sixteen.server;

import java.util.Map;

import dev.sixteen.server.listener.SixteenServerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Publishes the port the listener bound as {@code local.sixteen.port}, once it listens,
 * as Spring Boot publishes the web server's as {@code local.server.port}: a test that
 * starts the server with {@code sixteen.server.port=0} reads it with
 * {@code @Value("${local.sixteen.port}")}.
 */
final class ListenerPort implements SmartLifecycle {

	/** The property that holds the port. */
	static final String PROPERTY = "local.sixteen.port";

	/** After the inbound gateway's phase, in which the listener binds. */
	private static final int PHASE = 1000;

	private final SixteenServerFactory serverFactory;

	private final ConfigurableEnvironment environment;

	private volatile boolean running;

	ListenerPort(SixteenServerFactory serverFactory, ConfigurableEnvironment environment) {
		this.serverFactory = serverFactory;
		this.environment = environment;
	}

	@Override
	public void start() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("sixteen.ports", Map.of(PROPERTY, this.serverFactory.getPort())));
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
