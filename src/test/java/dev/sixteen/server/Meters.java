package dev.sixteen.server;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import static org.awaitility.Awaitility.await;

/**
 * Reads the service's counters in tests.
 */
public final class Meters {

	private final MeterRegistry registry;

	public Meters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Waits, at most 10 s, until the server is quiet: no connection open and none on its
	 * way in or out (every connection accepted has ended).
	 */
	public void awaitQuiet() {
		awaitQuiet(Duration.ofSeconds(10));
	}

	/**
	 * Waits until the server is quiet, as {@link #awaitQuiet()} does.
	 * @param atMost how long at most
	 */
	public void awaitQuiet(Duration atMost) {
		await().atMost(atMost).until(() -> open() == 0 && accepted() == endedForAnyCause());
	}

	public double replies() {
		return this.registry.get("sixteen.replies.sent").counter().count();
	}

	public double accepted() {
		return this.registry.get("sixteen.connections.accepted").counter().count();
	}

	public double received() {
		return this.registry.get("sixteen.received").counter().count();
	}

	public double tlsReloads() {
		return this.registry.get("sixteen.tls.reloads").counter().count();
	}

	public double listenerUp() {
		return this.registry.get("sixteen.listener.up").gauge().value();
	}

	public double limit() {
		return this.registry.get("sixteen.connections.limit").gauge().value();
	}

	public double open() {
		return this.registry.get("sixteen.connections.open").gauge().value();
	}

	public double failedForAnyReason() {
		return this.registry.get("sixteen.exchanges.failed").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	public double ended(String cause) {
		return this.registry.get("sixteen.connections.ended").tag("cause", cause).counter().count();
	}

	public double endedForAnyCause() {
		return this.registry.get("sixteen.connections.ended").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	public double failed(String reason) {
		return this.registry.get("sixteen.exchanges.failed").tag("reason", reason).counter().count();
	}

}
