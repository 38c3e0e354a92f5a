package dev.sixteen.server;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP with the bound host and port while the TCP listener accepts connections, DOWN
 * otherwise. Part of the readiness group.
 */
class ListenerHealthIndicator implements HealthIndicator {

	private final ExchangeConnectionFactory factory;

	private final String host;

	ListenerHealthIndicator(ExchangeConnectionFactory factory, String host) {
		this.factory = factory;
		this.host = host;
	}

	@Override
	public Health health() {
		Health.Builder health = this.factory.isListening() ? Health.up() : Health.down();
		return health.withDetail("host", this.host).withDetail("port", this.factory.getPort()).build();
	}

}
