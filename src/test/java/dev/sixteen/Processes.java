package dev.sixteen;

import java.util.concurrent.TimeUnit;

/** Stopping the external processes tests start (HAProxy, Prometheus). */
public final class Processes {

	private Processes() {
	}

	/** SIGTERM, then SIGKILL if the process has not exited within 10 seconds. */
	public static void stop(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
