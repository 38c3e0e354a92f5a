package dev.sixteen.server.operations;

import dev.sixteen.server.connection.OpenConnections;
import dev.sixteen.server.edge.Admission;
import dev.sixteen.server.listener.SixteenServerFactory;
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
public class ListenerStatus implements HealthIndicator, MeterBinder {

	private final SixteenServerFactory serverFactory;

	private final OpenConnections connections;

	private final Admission admission;

	public ListenerStatus(SixteenServerFactory serverFactory, OpenConnections connections, Admission admission) {
		this.serverFactory = serverFactory;
		this.connections = connections;
		this.admission = admission;
	}

	@Override
	public Health health() {
		return this.serverFactory.isAccepting() ? Health.up().build() : Health.down().build();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("sixteen.listener.up", this.serverFactory, (factory) -> factory.isAccepting() ? 1 : 0)
			.description("1 while the TCP listener accepts connections, else 0")
			.register(registry);
		Gauge.builder("sixteen.connections.open", this.connections, OpenConnections::size)
			.description("TCP connections open now")
			.register(registry);
		Gauge.builder("sixteen.connections.limit", this.admission, Admission::maxConnections)
			.description("Connections that may be open at once (sixteen.server.max-connections)")
			.register(registry);
	}

}
