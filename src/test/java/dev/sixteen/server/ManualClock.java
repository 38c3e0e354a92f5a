package dev.sixteen.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Clock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Time that moves only when a test turns it, in place of the system clock that frame
 * deadlines are kept in: a test passes a deadline by {@link #advance(Duration)} instead
 * of waiting for it, so that no outcome depends on how fast the machine is.
 */
public final class ManualClock implements Clock {

	private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1));

	@Override
	public long wallTime() {
		return TimeUnit.NANOSECONDS.toMillis(this.nanos.get());
	}

	@Override
	public long monotonicTime() {
		return this.nanos.get();
	}

	/**
	 * Moves time forward; the server's deadline check sees it within its next tick.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	/** Puts a {@link ManualClock} in place of Micrometer's system clock. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {

		@Bean
		ManualClock micrometerClock() {
			return new ManualClock();
		}

	}

}
