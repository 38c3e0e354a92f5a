package dev.sixteen.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The counters of what happens to connections, each event counted here and only here:
 * connections accepted, octets in and out, replies and their duration, failures by
 * reason, accept errors, TLS reloads, connections ended by cause, handler calls in
 * flight. Every meter is registered once, when it is built, before the listener starts.
 * Tags are low-cardinality only: never a peer address.
 */
public class ExchangeMetrics {

	private static final Duration[] DURATION_BUCKETS = { Duration.ofNanos(100_000), Duration.ofNanos(250_000),
			Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5), Duration.ofSeconds(10) };

	/** By {@link FailureReason#ordinal()}. */
	private final Counter[] failures = new Counter[FailureReason.values().length];

	/** By {@link AcceptError#ordinal()}. */
	private final Counter[] acceptErrors = new Counter[AcceptError.values().length];

	/** By {@link ConnectionEnd#ordinal()}. */
	private final Counter[] ended = new Counter[ConnectionEnd.values().length];

	private final Counter tlsReloads;

	private final Counter accepted;

	private final Counter replies;

	private final Counter received;

	private final Counter sent;

	private final Timer duration;

	/**
	 * Calls of the application's handler (or flow) in flight, including those that
	 * outlived their connection; a sum of per-thread cells, so that the calls do not
	 * contend.
	 */
	private final LongAdder handlerCalls = new LongAdder();

	/**
	 * Registers every meter, once.
	 * @param registry where the meters live
	 */
	public ExchangeMetrics(MeterRegistry registry) {
		this.accepted = Counter.builder("sixteen.connections.accepted")
			.description("TCP connections accepted, including those then refused")
			.register(registry);
		this.replies = Counter.builder("sixteen.replies.sent").description("Replies sent").register(registry);
		this.received = Counter.builder("sixteen.received")
			.baseUnit("bytes")
			.description("Octets received from peers")
			.register(registry);
		this.sent = Counter.builder("sixteen.sent")
			.baseUnit("bytes")
			.description("Octets sent to peers")
			.register(registry);
		this.duration = Timer.builder("sixteen.exchange.duration")
			.description("From the first octet of a frame to its reply written")
			.serviceLevelObjectives(DURATION_BUCKETS)
			.register(registry);
		Gauge.builder("sixteen.handler.active", this.handlerCalls, LongAdder::sum)
			.description("Requests the handler (or the application's flow) is working on now")
			.register(registry);
		for (AcceptError reason : AcceptError.values()) {
			this.acceptErrors[reason.ordinal()] = Counter.builder("sixteen.accept.errors")
				.description("Accepts that failed, by reason; the listener waits and accepts again")
				.tag("reason", reason.tag())
				.register(registry);
		}
		this.tlsReloads = Counter.builder("sixteen.tls.reloads")
			.description("Reloads of the SSL bundle after its files changed")
			.register(registry);
		for (FailureReason reason : FailureReason.values()) {
			this.failures[reason.ordinal()] = Counter.builder("sixteen.exchanges.failed")
				.description("Exchanges that ended without a reply, by reason")
				.tag("reason", reason.tag())
				.register(registry);
		}
		for (ConnectionEnd cause : ConnectionEnd.values()) {
			this.ended[cause.ordinal()] = Counter.builder("sixteen.connections.ended")
				.description("TCP connections closed, by cause: accepted = ended + open")
				.tag("cause", cause.tag())
				.register(registry);
		}
	}

	public void accepted() {
		this.accepted.increment();
	}

	public void received(int octets) {
		this.received.increment(octets);
	}

	public void replied(int octets, long durationNanos) {
		this.sent.increment(octets);
		this.replies.increment();
		this.duration.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	/** A call of the application's handler (or flow) began. */
	public void handlerCalled() {
		this.handlerCalls.increment();
	}

	/** A call of the application's handler (or flow) returned or threw. */
	public void handlerReturned() {
		this.handlerCalls.decrement();
	}

	public void failed(FailureReason reason) {
		this.failures[reason.ordinal()].increment();
	}

	public void acceptFailed(AcceptError reason) {
		this.acceptErrors[reason.ordinal()].increment();
	}

	public void ended(ConnectionEnd cause) {
		this.ended[cause.ordinal()].increment();
	}

	public void tlsReloaded() {
		this.tlsReloads.increment();
	}

}
