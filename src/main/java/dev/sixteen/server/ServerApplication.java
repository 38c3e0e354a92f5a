package dev.sixteen.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The server application: the TCP listener, the actuator and the metrics.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ServerApplication {

	/**
	 * Starts the server's context alone, for Spring AOT's processing at build time (the
	 * image's {@code ./mvnw -Paot package}), which generates its bean definitions as
	 * code. sixteen itself starts through {@code dev.sixteen.SixteenApplication}.
	 * @param args Spring arguments
	 */
	public static void main(String[] args) {
		SixteenServer.application().run(args);
	}

}
