package dev.sixteen.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform threads connections run on where there are no virtual threads.
 */
class ConnectionThreadsTests {

	@Test
	void runsTasksAtOnceEachOnAThreadOfItsOwn() throws Exception {
		try (ConnectionThreads threads = new ConnectionThreads("test-", 1, TimeUnit.HOURS)) {
			CountDownLatch bothRunning = new CountDownLatch(2);
			CountDownLatch release = new CountDownLatch(1);
			AtomicReference<Thread> first = new AtomicReference<>();
			AtomicReference<Thread> second = new AtomicReference<>();
			threads.execute(() -> holdUntil(first, bothRunning, release));
			threads.execute(() -> holdUntil(second, bothRunning, release));
			assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(first.get()).isNotSameAs(second.get());
			assertThat(first.get().getName()).startsWith("test-");
			release.countDown();
		}
	}

	@Test
	void handsTheNextTaskToTheThreadThatWentIdle() throws Exception {
		try (ConnectionThreads threads = new ConnectionThreads("test-", 1, TimeUnit.HOURS)) {
			Thread first = runAndGetThread(threads);
			await().atMost(Duration.ofSeconds(10)).until(() -> first.getState() == Thread.State.TIMED_WAITING);
			assertThat(runAndGetThread(threads)).isSameAs(first);
		}
	}

	@Test
	void endsAThreadIdleForItsKeepAlive() throws Exception {
		try (ConnectionThreads threads = new ConnectionThreads("test-", 50, TimeUnit.MILLISECONDS)) {
			Thread thread = runAndGetThread(threads);
			await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
			// a new task still runs, on a new thread
			assertThat(runAndGetThread(threads)).isNotSameAs(thread);
		}
	}

	@Test
	void closeEndsTheIdleThreads() throws Exception {
		ConnectionThreads threads = new ConnectionThreads("test-", 1, TimeUnit.HOURS);
		Thread thread = runAndGetThread(threads);
		await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
		threads.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
	}

	@Test
	void runsEveryTaskExactlyOnceWhileThreadsTimeOutAsTheyAreHandedWork() {
		// a keep-alive of a microsecond: nearly every hand-off races a thread's
		// retirement
		try (ConnectionThreads threads = new ConnectionThreads("test-", 1, TimeUnit.MICROSECONDS)) {
			AtomicInteger ran = new AtomicInteger();
			int tasks = 5000;
			for (int i = 0; i < tasks; i++) {
				threads.execute(ran::incrementAndGet);
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> ran.get() >= tasks);
			assertThat(ran.get()).isEqualTo(tasks);
		}
	}

	private static Thread runAndGetThread(ConnectionThreads threads) throws InterruptedException {
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(1);
		threads.execute(() -> {
			ranOn.set(Thread.currentThread());
			done.countDown();
		});
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		return ranOn.get();
	}

	private static void holdUntil(AtomicReference<Thread> thread, CountDownLatch running, CountDownLatch release) {
		thread.set(Thread.currentThread());
		running.countDown();
		try {
			release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
