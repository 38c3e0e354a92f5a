package dev.sixteen.server;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the TCP listener accepts connections, DOWN otherwise. Part of the readiness
 * group. It has no details: the actuator shows anonymous callers the status only.
 */
class ListenerHealthIndicator implements HealthIndicator {

	private final ExchangeConnectionFactory factory;

	ListenerHealthIndicator(ExchangeConnectionFactory factory) {
		this.factory = factory;
	}

	@Override
	public Health health() {
		return this.factory.isListening() ? Health.up().build() : Health.down().build();
	}

}
