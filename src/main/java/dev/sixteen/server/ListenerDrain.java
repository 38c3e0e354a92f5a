package dev.sixteen.server;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Graceful shutdown of the TCP side. Spring Integration's own stop closes every
 * connection at once; this runs first: readiness turns to refusing traffic, the listener
 * stops accepting, and exchanges in flight get up to {@code shutdown-timeout} to finish
 * before the rest are closed and counted.
 */
final class ListenerDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ListenerDrain.class);

	/** Stops before the actuator's web server, so that health shows the drain. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final ListenerConnectionFactory listener;

	private final Connections connections;

	private final SixteenServerProperties properties;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	ListenerDrain(ListenerConnectionFactory listener, Connections connections, SixteenServerProperties properties,
			ApplicationEventPublisher events) {
		this.listener = listener;
		this.connections = connections;
		this.properties = properties;
		this.events = events;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		this.listener.stopAccepting();
		int open = this.connections.size();
		if (open > 0) {
			log.info(
					"Stopped accepting; giving {} open connections up to {} to finish (sixteen.server.shutdown-timeout)",
					open, human(this.properties.shutdownTimeout()));
		}
		int unfinished = this.connections.drain(this.properties.shutdownTimeout());
		if (unfinished > 0) {
			log.warn("Closed {} connections that did not finish within {} (sixteen.server.shutdown-timeout)",
					unfinished, human(this.properties.shutdownTimeout()));
		}
		// the drain's last word, so that a stopped server's log says how it ended
		log.info("Drained: {} connections finished, {} closed unfinished", Math.max(0, open - unfinished), unfinished);
	}

	private static String human(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
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
