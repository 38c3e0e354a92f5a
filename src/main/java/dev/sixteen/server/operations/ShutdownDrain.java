package dev.sixteen.server.operations;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.sixteen.server.connection.ExchangeConnection;
import dev.sixteen.server.connection.OpenConnections;
import dev.sixteen.server.listener.SixteenServerFactory;
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
 * actuator's web server stops, so that health shows the drain. It waits on conditions,
 * not in a loop: the clock's alarm for the delay, the open connections' emptying for the
 * rest.
 */
public final class ShutdownDrain implements SmartLifecycle {

	/** The name it has always logged under, before the class moved to this package. */
	private static final Logger log = LoggerFactory.getLogger("dev.sixteen.server.ShutdownDrain");

	/** Stops before the actuator's web server, so that health shows the drain. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final SixteenServerFactory serverFactory;

	private final OpenConnections connections;

	private final DeadlineClock clock;

	private final Duration delay;

	private final Duration timeout;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	public ShutdownDrain(SixteenServerFactory serverFactory, OpenConnections connections, DeadlineClock clock,
			Duration delay, Duration timeout, ApplicationEventPublisher events) {
		this.serverFactory = serverFactory;
		this.connections = connections;
		this.clock = clock;
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
			// in the clock's time, which a test can turn by hand
			await(this.clock.after(this.delay));
		}
		this.serverFactory.stopAccepting();
		this.connections.startDraining();
		int open = this.connections.size();
		if (open > 0) {
			log.info(
					"Stopped accepting; giving {} open connections up to {} to finish (sixteen.server.shutdown-timeout)",
					open, human(this.timeout));
		}
		this.connections.forEach(ExchangeConnection::closeIfIdle);
		this.connections.awaitEmpty(this.timeout);
		int unfinished = this.connections.size();
		this.connections.closeAll();
		if (unfinished > 0) {
			log.warn("Closed {} connections that did not finish within {} (sixteen.server.shutdown-timeout)",
					unfinished, human(this.timeout));
		}
		// the drain's last word, so that a stopped server's log says how it ended
		log.info("Drained: {} connections finished, {} closed unfinished", Math.max(0, open - unfinished), unfinished);
	}

	private static void await(Future<Void> condition) {
		try {
			condition.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
