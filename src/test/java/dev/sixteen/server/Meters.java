package dev.sixteen.server;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads the service's counters in tests.
 */
final class Meters {

	private final MeterRegistry registry;

	Meters(MeterRegistry registry) {
		this.registry = registry;
	}

	double replies() {
		return this.registry.get("sixteen.replies.sent").counter().count();
	}

	double accepted() {
		return this.registry.get("sixteen.connections.accepted").counter().count();
	}

	double received() {
		return this.registry.get("sixteen.received").counter().count();
	}

	double tlsReloads() {
		return this.registry.get("sixteen.tls.reloads").counter().count();
	}

	double listenerUp() {
		return this.registry.get("sixteen.listener.up").gauge().value();
	}

	double limit() {
		return this.registry.get("sixteen.connections.limit").gauge().value();
	}

	double open() {
		return this.registry.get("sixteen.connections.open").gauge().value();
	}

	double failedForAnyReason() {
		return this.registry.get("sixteen.exchanges.failed").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	double failed(String reason) {
		return this.registry.get("sixteen.exchanges.failed").tag("reason", reason).counter().count();
	}

}
