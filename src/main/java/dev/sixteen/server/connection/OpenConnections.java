package dev.sixteen.server.connection;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.sixteen.metrics.ConnectionEnd;
import dev.sixteen.metrics.ExchangeMetrics;

/**
 * The connections open now, and the one place that counts their comings and goings: each
 * enters as it is accepted ({@link #accepted}) and leaves once, by a cause
 * ({@link #ended}), so that at any moment the connections accepted are those ended (all
 * causes) plus those open. It also holds the drain's state: once draining, each
 * connection closes after its current reply, and the drain can wait until none is left.
 * The deadline clock, the drain and the listener's status read it.
 */
public final class OpenConnections {

	private final Set<ExchangeConnection> open = ConcurrentHashMap.newKeySet();

	private final ExchangeMetrics metrics;

	/** Completed when the last connection leaves while draining. */
	private final CompletableFuture<Void> emptied = new CompletableFuture<>();

	private volatile boolean draining;

	public OpenConnections(ExchangeMetrics metrics) {
		this.metrics = metrics;
	}

	/** Counts a connection just accepted, open until {@link #ended}. */
	public void accepted(ExchangeConnection connection) {
		this.metrics.accepted();
		this.open.add(connection);
	}

	/** Counts a connection that ended, once, by its cause. Called by the connection. */
	void ended(ExchangeConnection connection, ConnectionEnd cause) {
		this.open.remove(connection);
		this.metrics.ended(cause);
		if (this.draining && this.open.isEmpty()) {
			this.emptied.complete(null);
		}
	}

	public int size() {
		return this.open.size();
	}

	public boolean isEmpty() {
		return this.open.isEmpty();
	}

	/** Marks the server as draining: each connection closes after its current reply. */
	public void startDraining() {
		this.draining = true;
	}

	public boolean isDraining() {
		return this.draining;
	}

	/**
	 * Waits until every connection has ended, once draining.
	 * @param timeout how long at most
	 */
	public void awaitEmpty(Duration timeout) {
		if (this.open.isEmpty()) {
			return;
		}
		try {
			this.emptied.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// the time is up: the caller closes what is left
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Acts on each open connection.
	 * @param action what to do to it
	 */
	public void forEach(Consumer<ExchangeConnection> action) {
		this.open.forEach(action);
	}

	/**
	 * Tells whether any open connection is as a test expects.
	 * @param condition what the connection must be
	 * @return whether one is
	 */
	public boolean anyMatch(Predicate<ExchangeConnection> condition) {
		return this.open.stream().anyMatch(condition);
	}

	/** Closes every open connection now, whatever it is doing. */
	public void closeAll() {
		this.open.forEach(ExchangeConnection::abort);
	}

}
