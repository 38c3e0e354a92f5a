package dev.sixteen.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server connections open now: their count for {@code max-connections} and the gauge,
 * the clock that closes those whose frame is late, and the drain that lets them finish
 * when the server stops.
 */
final class Connections implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Connections.class);

	/**
	 * How often frame deadlines are checked: a late peer is closed within this of its
	 * deadline.
	 */
	private static final Duration TICK = Duration.ofMillis(100);

	private final Set<ExchangeConnection> open = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sixteen-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	private final Lock lock = new ReentrantLock();

	private final Condition closed = this.lock.newCondition();

	private final Clock time;

	private volatile boolean draining;

	/**
	 * Creates the registry and starts its deadline clock.
	 * @param time the monotonic time deadlines are kept in (a test can turn it by hand)
	 */
	Connections(Clock time) {
		this.time = time;
		this.clock.scheduleWithFixedDelay(this::expireLate, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void expireLate() {
		long now = this.time.monotonicTime();
		for (ExchangeConnection connection : this.open) {
			try {
				connection.expireIfLate(now);
			}
			catch (RuntimeException ex) {
				// one connection's trouble must not stop the clock for all the others
				log.warn("Closing a late connection failed: {}", ex.toString());
			}
		}
	}

	@Override
	public void close() {
		this.clock.shutdownNow();
	}

	/**
	 * Adds a connection.
	 * @param connection the new connection
	 * @return how many are open now, this one included
	 */
	long now() {
		return this.time.monotonicTime();
	}

	int add(ExchangeConnection connection) {
		this.open.add(connection);
		if (this.draining) {
			connection.drain();
		}
		return this.open.size();
	}

	void remove(ExchangeConnection connection) {
		if (this.open.remove(connection) && this.draining) {
			this.lock.lock();
			try {
				this.closed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	int size() {
		return this.open.size();
	}

	/**
	 * Asks every connection to finish the exchange it is in and close, waits for them up
	 * to {@code timeout}, then closes those still open.
	 * @param timeout how long to wait
	 * @return how many connections were closed unfinished
	 */
	int drain(Duration timeout) {
		this.draining = true;
		this.open.forEach(ExchangeConnection::drain);
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			long left;
			while (!this.open.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
				this.closed.await(left, TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
		int unfinished = this.open.size();
		closeAll();
		return unfinished;
	}

	/**
	 * Closes every open connection; those in an exchange count it as failed at shutdown.
	 */
	void closeAll() {
		this.open.forEach(ExchangeConnection::abort);
	}

}
