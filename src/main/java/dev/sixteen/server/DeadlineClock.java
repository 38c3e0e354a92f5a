package dev.sixteen.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Every 100 ms, asks each open connection to end if its deadline has passed. Reads block
 * without a socket timeout, because a timed read costs a system call more; this one
 * thread keeps every connection's deadline instead, so a late peer is closed within 100
 * ms of its deadline.
 */
final class DeadlineClock implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	/** How often deadlines are checked. */
	static final Duration TICK = Duration.ofMillis(100);

	private final ExchangeConnectionFactory listener;

	private volatile @Nullable ScheduledExecutorService ticks;

	DeadlineClock(ExchangeConnectionFactory listener) {
		this.listener = listener;
	}

	@Override
	public void start() {
		ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sixteen-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		ticks.scheduleWithFixedDelay(this::tick, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
		this.ticks = ticks;
	}

	void tick() {
		long now = this.listener.now();
		for (ExchangeConnection connection : this.listener.openConnections()) {
			try {
				connection.expire(now);
			}
			catch (RuntimeException ex) {
				// one connection's trouble must not stop the clock for all the others
				log.warn("Closing a late connection failed: {}", ex.toString());
			}
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService ticks = this.ticks;
		if (ticks != null) {
			ticks.shutdownNow();
			this.ticks = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.ticks != null;
	}

	/** Runs while the drain does, and stops after it. */
	@Override
	public int getPhase() {
		return ShutdownDrain.PHASE - 1;
	}

}
