package dev.sixteen.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The drain, when the server stops. Readiness turns to refusing traffic at once; the
 * listener keeps accepting for {@code drain-delay}, so that load balancers see it and
 * stop sending, then takes what the kernel has queued and closes. Connections waiting
 * between frames close; exchanges in flight get up to {@code shutdown-timeout} to finish,
 * each closing after its reply; the rest are closed and counted. It runs before Spring
 * Integration's own stop, which would close every connection at once, and before the
 * actuator's web server stops, so that health shows the drain.
 */
final class ShutdownDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	/** Stops before the actuator's web server, so that health shows the drain. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final ExchangeConnectionFactory listener;

	private final Duration delay;

	private final Duration timeout;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	ShutdownDrain(ExchangeConnectionFactory listener, Duration delay, Duration timeout,
			ApplicationEventPublisher events) {
		this.listener = listener;
		this.delay = delay;
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
		if (!this.delay.isZero() && !this.delay.isNegative()) {
			log.info("Readiness is down; accepting for {} more (sixteen.server.drain-delay)", human(this.delay));
			// in the listener's time, which a test can turn by hand
			waitUntil(this.listener::now, this.delay, () -> false);
		}
		this.listener.stopAccepting();
		this.listener.startDraining();
		int open = this.listener.openConnections().size();
		if (open > 0) {
			log.info(
					"Stopped accepting; giving {} open connections up to {} to finish (sixteen.server.shutdown-timeout)",
					open, human(this.timeout));
		}
		this.listener.openConnections().forEach(ExchangeConnection::closeIfIdle);
		waitUntil(System::nanoTime, this.timeout, this.listener.openConnections()::isEmpty);
		int unfinished = this.listener.openConnections().size();
		this.listener.openConnections().forEach(ExchangeConnection::abort);
		if (unfinished > 0) {
			log.warn("Closed {} connections that did not finish within {} (sixteen.server.shutdown-timeout)",
					unfinished, human(this.timeout));
		}
		// the drain's last word, so that a stopped server's log says how it ended
		log.info("Drained: {} connections finished, {} closed unfinished", Math.max(0, open - unfinished), unfinished);
	}

	/** Waits until a condition holds or the time is up. */
	private static void waitUntil(LongSupplier nanos, Duration time, BooleanSupplier condition) {
		long until = nanos.getAsLong() + time.toNanos();
		while (!condition.getAsBoolean() && nanos.getAsLong() - until < 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
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
