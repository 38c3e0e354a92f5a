package dev.sixteen.server;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringApplication;
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
		SpringApplication application = new SpringApplication(ServerApplication.class);
		application.addListeners((ContextClosedEvent event) -> closed.countDown());
		try {
			application.run(springArgs.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			// StartupFailureReporter, or Spring Boot's own report, has said why
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
