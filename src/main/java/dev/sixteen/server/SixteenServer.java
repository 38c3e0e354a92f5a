package dev.sixteen.server;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Server mode: runs the listener and the actuator until the application is stopped.
 */
public final class SixteenServer {

	private SixteenServer() {
	}

	/**
	 * Runs the server and waits until it stops.
	 * @param springArgs Spring arguments, such as {@code --sixteen.server.port=...}
	 * @return 0 after a clean stop, 1 if start-up failed
	 */
	public static int run(List<String> springArgs) {
		CountDownLatch closed = new CountDownLatch(1);
		AtomicBoolean started = new AtomicBoolean();
		SpringApplication application = new SpringApplication(ServerApplication.class);
		application.addListeners((ApplicationEvent event) -> {
			if (event instanceof ApplicationStartedEvent) {
				started.set(true);
			}
			else if (event instanceof ContextClosedEvent) {
				closed.countDown();
			}
		});
		// A JVM stopped by SIGTERM exits 143 however cleanly it drained. Once a started
		// server's context has closed (the drain included), the stop was clean: exit 0.
		SpringApplication.getShutdownHandlers().add(() -> {
			if (started.get()) {
				Runtime.getRuntime().halt(0);
			}
		});
		try {
			application.run(springArgs.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			// StartupFailureReporter, or Spring Boot's own report, has said why
			started.set(false);
			return 1;
		}
		try {
			closed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}

}
