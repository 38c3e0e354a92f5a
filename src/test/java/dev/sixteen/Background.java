package dev.sixteen;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs a test's blocking task (a server closing, a peer writing) on a thread of its own.
 * Not {@code CompletableFuture.runAsync(task)}: from JDK 25 that runs on the common pool
 * even at parallelism 1, as on a 2-core machine, where one blocked task starves the next.
 */
public final class Background {

	private static final Executor OWN_THREAD = (task) -> {
		Thread thread = new Thread(task, "test-background");
		thread.setDaemon(true);
		thread.start();
	};

	private Background() {
	}

	public static CompletableFuture<Void> run(Runnable task) {
		return CompletableFuture.runAsync(task, OWN_THREAD);
	}

	public static <T> CompletableFuture<T> supply(Supplier<T> task) {
		return CompletableFuture.supplyAsync(task, OWN_THREAD);
	}

}
