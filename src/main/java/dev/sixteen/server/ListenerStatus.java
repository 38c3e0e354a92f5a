package dev.sixteen.server;

import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * How the TCP listener is doing, for readiness ({@code tcpListener}: UP while it accepts
 * connections; DOWN while it cannot, because its accepts fail or it has stopped) and for
 * Prometheus (whether it accepts, the connections open, their limit). It has no health
 * details: the actuator shows anonymous callers the status only.
 */
class ListenerStatus implements HealthIndicator, MeterBinder {

	private final ExchangeConnectionFactory listener;

	ListenerStatus(ExchangeConnectionFactory listener) {
		this.listener = listener;
	}

	@Override
	public Health health() {
		return this.listener.isAccepting() ? Health.up().build() : Health.down().build();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("sixteen.listener.up", this.listener, (listener) -> listener.isAccepting() ? 1 : 0)
			.description("1 while the TCP listener accepts connections, else 0")
			.register(registry);
		Gauge.builder("sixteen.connections.open", this.listener.openConnections(), Set::size)
			.description("TCP connections open now")
			.register(registry);
		Gauge.builder("sixteen.connections.limit", this.listener, ExchangeConnectionFactory::maxConnections)
			.description("Connections that may be open at once (sixteen.server.max-connections)")
			.register(registry);
	}

}
