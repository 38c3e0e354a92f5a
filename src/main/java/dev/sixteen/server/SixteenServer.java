package dev.sixteen.server;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Server mode: runs the listener and the actuator until the application is stopped.
 */
public final class SixteenServer {

	private SixteenServer() {
	}

	/**
	 * Runs the server and waits until it stops. Stopped by SIGTERM, the JVM drains the
	 * server in Spring Boot's shutdown hook and then exits as any JVM does after that
	 * signal, with status 143, whatever this returns.
	 * @param springArgs Spring arguments, such as {@code --sixteen.server.port=...}
	 * @return 0 once the server has stopped, 1 if start-up failed
	 */
	public static int run(List<String> springArgs) {
		CountDownLatch closed = new CountDownLatch(1);
		SpringApplication application = application();
		application.addListeners((ApplicationEvent event) -> {
			if (event instanceof ContextClosedEvent) {
				closed.countDown();
			}
		});
		try {
			application.run(springArgs.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			// a failure analyzer has said why, in one line
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

	/**
	 * The server's application, as {@link #run} starts it and as Spring AOT processes it
	 * at build time ({@link ServerApplication#main}). Its main class is
	 * {@link ServerApplication}, not the command line's: where the image runs the code
	 * generated for the context ({@code -Dspring.aot.enabled=true}), Spring Boot finds it
	 * by that class's name.
	 */
	static SpringApplication application() {
		SpringApplication application = new SpringApplication(ServerApplication.class);
		application.setMainApplicationClass(ServerApplication.class);
		return application;
	}

}
