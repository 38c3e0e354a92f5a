package dev.sixteen.server;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The drain, when the server stops: readiness turns to refusing traffic, the listener
 * stops accepting, connections between frames close, and exchanges in flight get up to
 * {@code shutdown-timeout} to finish before the rest are closed and counted. It runs
 * before Spring Integration's own stop, which would close every connection at once, and
 * before the actuator's web server stops, so that health shows the drain.
 */
final class ShutdownDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	/** Stops before the actuator's web server, so that health shows the drain. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final ExchangeConnectionFactory listener;

	private final Duration timeout;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	ShutdownDrain(ExchangeConnectionFactory listener, Duration timeout, ApplicationEventPublisher events) {
		this.listener = listener;
		this.timeout = timeout;
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
		int open = this.listener.openConnections();
		if (open > 0) {
			log.info(
					"Stopped accepting; giving {} open connections up to {} to finish (sixteen.server.shutdown-timeout)",
					open, human(this.timeout));
		}
		int unfinished = this.listener.drain(this.timeout);
		if (unfinished > 0) {
			log.warn("Closed {} connections that did not finish within {} (sixteen.server.shutdown-timeout)",
					unfinished, human(this.timeout));
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
