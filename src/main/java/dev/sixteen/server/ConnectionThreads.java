package dev.sixteen.server;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A platform thread for each connection, reused: a task goes to the thread that went idle
 * last, woken with one unpark, and a thread idle for {@code keepAlive} ends. It replaces
 * a cached {@code ThreadPoolExecutor}, whose {@code SynchronousQueue} hand-off spins
 * before it parks: on a small machine that spinning took CPU from the exchanges. Virtual
 * threads, where the JDK has them, need none of this.
 */
final class ConnectionThreads implements Executor, AutoCloseable {

	private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

	private final AtomicInteger count = new AtomicInteger();

	private final String prefix;

	private final long keepAliveNanos;

	private volatile boolean closed;

	ConnectionThreads(String prefix, long keepAlive, TimeUnit unit) {
		this.prefix = prefix;
		this.keepAliveNanos = unit.toNanos(keepAlive);
	}

	@Override
	public void execute(Runnable task) {
		Worker worker;
		while ((worker = this.idle.pollFirst()) != null) {
			if (worker.offer(task)) {
				return;
			}
		}
		Worker fresh = new Worker(task);
		Thread thread = new Thread(fresh, this.prefix + this.count.incrementAndGet());
		fresh.thread = thread;
		try {
			thread.start();
		}
		catch (OutOfMemoryError ex) {
			// no native thread to be had: refuse this connection, keep the accept loop
			// alive
			throw new RejectedExecutionException("cannot start a connection thread: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		Worker worker;
		while ((worker = this.idle.pollFirst()) != null) {
			worker.retire();
		}
	}

	/** One thread: runs its task, then waits idle for the next. */
	private final class Worker implements Runnable {

		private static final Runnable RETIRED = () -> {
		};

		private final AtomicReference<@Nullable Runnable> slot = new AtomicReference<>();

		private @Nullable Thread thread;

		private @Nullable Runnable task;

		Worker(Runnable task) {
			this.task = task;
		}

		/** Hands this idle worker a task; false if it has just timed out and ended. */
		boolean offer(Runnable next) {
			if (!this.slot.compareAndSet(null, next)) {
				return false;
			}
			LockSupport.unpark(this.thread);
			return true;
		}

		void retire() {
			if (this.slot.compareAndSet(null, RETIRED)) {
				LockSupport.unpark(this.thread);
			}
		}

		@Override
		public void run() {
			Runnable next = this.task;
			this.task = null;
			while (next != null && next != RETIRED) {
				next.run();
				next = awaitNext();
			}
		}

		private @Nullable Runnable awaitNext() {
			if (ConnectionThreads.this.closed) {
				return null;
			}
			this.slot.set(null);
			ConnectionThreads.this.idle.addFirst(this);
			long deadline = System.nanoTime() + ConnectionThreads.this.keepAliveNanos;
			Runnable next;
			while ((next = this.slot.get()) == null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					if (this.slot.compareAndSet(null, RETIRED)) {
						ConnectionThreads.this.idle.remove(this);
						return null;
					}
				}
				else {
					LockSupport.parkNanos(this, left);
				}
			}
			return next;
		}

	}

}
