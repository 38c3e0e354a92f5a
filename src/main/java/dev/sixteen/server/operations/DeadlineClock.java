package dev.sixteen.server.operations;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.sixteen.server.connection.OpenConnections;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Every 100 ms, asks each open connection to end if its deadline has passed. Reads block
 * without a socket timeout, because a timed read costs a system call more; this one
 * thread keeps every connection's deadline instead, so a late peer is closed within 100
 * ms of its deadline. It also tells the drain when its delay is over
 * ({@link #after(Duration)}), in the same time, which a test can turn by hand.
 * <p>
 * It has a thread of its own, not Spring's {@code taskScheduler}: that one shuts down
 * when the context closes, before any bean stops, and the deadlines must be kept while
 * the drain runs (docs/spring-integration.md).
 */
public final class DeadlineClock implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	/** How often deadlines are checked. */
	public static final Duration TICK = Duration.ofMillis(100);

	private final OpenConnections connections;

	private final Clock clock;

	private final Queue<Alarm> alarms = new ConcurrentLinkedQueue<>();

	private volatile @Nullable ScheduledExecutorService ticks;

	public DeadlineClock(OpenConnections connections, Clock clock) {
		this.connections = connections;
		this.clock = clock;
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
		long now = this.clock.monotonicTime();
		this.connections.forEach((connection) -> {
			try {
				connection.expire(now);
			}
			catch (RuntimeException ex) {
				// one connection's trouble must not stop the clock for all the others
				log.warn("Closing a late connection failed: {}", ex.toString());
			}
		});
		this.alarms.removeIf((alarm) -> alarm.ring(now));
	}

	/**
	 * A future completed on the first tick at least this long from now, in the clock's
	 * time; at once if the clock is not running, since no tick would complete it.
	 * @param delay how long from now
	 * @return the future
	 */
	public CompletableFuture<Void> after(Duration delay) {
		if (this.ticks == null) {
			return CompletableFuture.completedFuture(null);
		}
		Alarm alarm = new Alarm(this.clock.monotonicTime() + delay.toNanos(), new CompletableFuture<>());
		this.alarms.add(alarm);
		return alarm.rung();
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

	private record Alarm(long at, CompletableFuture<Void> rung) {

		boolean ring(long now) {
			if (now - this.at < 0) {
				return false;
			}
			this.rung.complete(null);
			return true;
		}

	}

}
