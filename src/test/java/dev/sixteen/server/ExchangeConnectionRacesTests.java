package dev.sixteen.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sixteen.Background;
import dev.sixteen.Peer;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.server.connection.ConnectionKit;
import dev.sixteen.server.connection.ExchangeConnection;
import dev.sixteen.server.edge.Admission;
import dev.sixteen.server.edge.Edge;
import dev.sixteen.server.listener.SixteenServerFactory;
import dev.sixteen.server.operations.DeadlineClock;
import dev.sixteen.server.operations.ListenerStatus;
import dev.sixteen.server.operations.ShutdownDrain;
import dev.sixteen.settings.SixteenServerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.integration.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The races of a connection's life, played out in a fixed order: the test holds the
 * connection where it wants it (the flow waits on a latch, time moves only by hand) and
 * lets the other party act, then checks that the connection ended once, counted once. No
 * Spring context: a factory, a connection, and a real socket pair on loopback.
 */
class ExchangeConnectionRacesTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	private final ManualClock clock = new ManualClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Meters meters = new Meters(this.registry);

	private final List<AutoCloseable> closing = new ArrayList<>();

	private ConnectionKit kit;

	private SixteenServerFactory serverFactory;

	private ServerSocket listener;

	@BeforeEach
	void setUp() throws IOException {
		ExchangeMetrics metrics = new ExchangeMetrics(this.registry);
		SixteenServerProperties settings = TestSettings.server(READ_TIMEOUT, false);
		this.kit = ConnectionKit.of(settings, 20000, metrics, null, this.clock);
		this.serverFactory = new SixteenServerFactory(settings, this.kit);
		new ListenerStatus(this.serverFactory, this.kit.connections(), this.kit.edge().admission())
			.bindTo(this.registry);
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
	}

	@AfterEach
	void tearDown() throws Exception {
		for (AutoCloseable resource : this.closing) {
			resource.close();
		}
		this.listener.close();
	}

	@Test
	void aDeadlineThatPassesWhileTheFlowRunsWinsAndTheLateReplyIsNotCounted() throws Exception {
		CountDownLatch inFlow = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Exchange exchange = connect(inFlow, release);
		exchange.peer().send(Peer.HI);
		reach(inFlow);
		this.clock.advance(READ_TIMEOUT.plusMillis(1));
		exchange.connection().expire(this.clock.monotonicTime());
		release.countDown();
		assertThat(exchange.peer().read(16)).isEmpty();
		exchange.ended().get(10, TimeUnit.SECONDS);
		assertThat(this.meters.failed("timeout")).isOne();
		assertThat(this.meters.failedForAnyReason()).isOne();
		assertThat(this.meters.replies()).isZero();
	}

	@Test
	void aReplyWrittenBeforeTheTickIsNotUndoneByTheOldDeadline() throws Exception {
		Exchange exchange = connect(null, null);
		assertThat(exchange.peer().send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.replies() == 1);
		// past the first exchange's deadline, within the next one's: kept alive
		long late = this.clock.monotonicTime() + READ_TIMEOUT.toNanos() / 2;
		this.clock.advance(READ_TIMEOUT.dividedBy(2));
		exchange.connection().expire(late);
		assertThat(exchange.peer().send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
		assertThat(this.meters.failedForAnyReason()).isZero();
	}

	@Test
	void theDrainLetsAFrameInFlightFinishThenClosesIt() throws Exception {
		Exchange exchange = connect(null, null);
		exchange.peer().send(Arrays.copyOfRange(Peer.HI, 0, 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.received() == 2);
		CompletableFuture<Void> draining = Background.run(this::drain);
		await().atMost(Duration.ofSeconds(10)).until(this.kit.connections()::isDraining);
		assertThat(draining).isNotDone();
		assertThat(exchange.peer().send(Arrays.copyOfRange(Peer.HI, 2, 16)).read(16)).isEqualTo(Peer.FAREWELL);
		assertThat(exchange.peer().readNext()).isEqualTo(-1);
		draining.get(10, TimeUnit.SECONDS);
		assertThat(this.meters.failedForAnyReason()).isZero();
	}

	@Test
	void aReplyInTheFlowWhenTheDrainBeginsIsTheConnectionsLast() throws Exception {
		CountDownLatch inFlow = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Exchange exchange = connect(inFlow, release);
		exchange.peer().send(Peer.HI);
		reach(inFlow);
		CompletableFuture<Void> draining = Background.run(this::drain);
		await().atMost(Duration.ofSeconds(10)).until(this.kit.connections()::isDraining);
		release.countDown();
		// kept alive, but the server is stopping: closed after this reply, not idle
		assertThat(exchange.peer().read(16)).isEqualTo(Peer.FAREWELL);
		assertThat(exchange.peer().readNext()).isEqualTo(-1);
		draining.get(10, TimeUnit.SECONDS);
		assertThat(this.meters.failedForAnyReason()).isZero();
	}

	@Test
	void theDrainClosesAConnectionBetweenFramesAtOnceWithoutAFailure() throws Exception {
		Exchange exchange = connect(null, null);
		assertThat(exchange.peer().send(Peer.HI).read(16)).isEqualTo(Peer.FAREWELL);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.replies() == 1);
		drain();
		assertThat(exchange.peer().readNext()).isEqualTo(-1);
		assertThat(this.meters.failedForAnyReason()).isZero();
	}

	@Test
	void aRefusedConnectionAbortedBeforeItRunsIsCountedOnce() throws Exception {
		try (Socket peer = new Socket(this.listener.getInetAddress(), this.listener.getLocalPort());
				Socket accepted = this.listener.accept()) {
			ExchangeConnection connection = new ExchangeConnection(accepted, refusingAll());
			connection.abort();
			connection.run();
			assertThat(this.meters.failedForAnyReason()).isOne();
			assertThat(this.meters.failed("shutdown")).isOne();
		}
	}

	@Test
	void aRefusedConnectionThatRunsIsCountedOnceWhateverComesAfter() throws Exception {
		try (Socket peer = new Socket(this.listener.getInetAddress(), this.listener.getLocalPort());
				Socket accepted = this.listener.accept()) {
			ExchangeConnection connection = new ExchangeConnection(accepted, refusingAll());
			connection.run();
			this.clock.advance(READ_TIMEOUT.multipliedBy(2));
			connection.expire(this.clock.monotonicTime());
			connection.abort();
			assertThat(this.meters.failedForAnyReason()).isOne();
			assertThat(this.meters.failed("over_limit")).isOne();
			assertThat(peer.getInputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void aConnectionWhoseThreadComesAfterItsDeadlineIsCountedAsATimeoutAndNeverRead() throws Exception {
		try (Socket peer = new Socket(this.listener.getInetAddress(), this.listener.getLocalPort());
				Socket accepted = this.listener.accept()) {
			ExchangeConnection connection = (ExchangeConnection) this.serverFactory.createNewConnection(accepted, true,
					false, null, null);
			this.clock.advance(READ_TIMEOUT.plusMillis(1));
			connection.expire(this.clock.monotonicTime());
			connection.run();
			assertThat(this.meters.failed("timeout")).isOne();
			assertThat(this.meters.failedForAnyReason()).isOne();
			assertThat(this.kit.connections().isEmpty()).isTrue();
		}
	}

	@Test
	void anAbortWhileTheFlowRunsCountsAShutdownAndNoReply() throws Exception {
		CountDownLatch inFlow = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Exchange exchange = connect(inFlow, release);
		exchange.peer().send(Peer.HI);
		reach(inFlow);
		exchange.connection().abort();
		release.countDown();
		exchange.ended().get(10, TimeUnit.SECONDS);
		assertThat(this.meters.failed("shutdown")).isOne();
		assertThat(this.meters.failedForAnyReason()).isOne();
		assertThat(this.meters.replies()).isZero();
	}

	/** The server's drain, with no delay and a minute for exchanges in flight. */
	private void drain() {
		new ShutdownDrain(this.serverFactory, this.kit.connections(),
				new DeadlineClock(this.kit.connections(), this.clock), Duration.ZERO, Duration.ofMinutes(1),
				(event) -> {
				})
			.stop();
	}

	/**
	 * A kit like the test's, but whose {@code max-connections} is 0: every connection
	 * refused.
	 */
	private ConnectionKit refusingAll() {
		return this.kit.with(Edge.of(TestSettings.server(READ_TIMEOUT, false), new Admission(0, List.of(), 0), null));
	}

	/**
	 * Connects a peer and runs the server's connection on a thread of its own, with a
	 * flow that answers each frame, first waiting for {@code release} if one is given.
	 */
	private Exchange connect(CountDownLatch inFlow, CountDownLatch release) throws IOException {
		Peer peer = Peer.connect(this.listener.getInetAddress(), this.listener.getLocalPort());
		this.closing.add(peer);
		Socket accepted = this.listener.accept();
		this.closing.add(accepted);
		ExchangeConnection connection = (ExchangeConnection) this.serverFactory.createNewConnection(accepted, true,
				false, null, null);
		connection.registerListener((message) -> {
			if (inFlow != null) {
				inFlow.countDown();
				reach(release);
			}
			connection.send(MessageBuilder.withPayload(Peer.FAREWELL).copyHeaders(message.getHeaders()).build());
		});
		CompletableFuture<Void> ended = Background.run(connection);
		this.closing.add(() -> ended.cancel(true));
		return new Exchange(peer, connection, ended);
	}

	private static void reach(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Exchange(Peer peer, ExchangeConnection connection, CompletableFuture<Void> ended) {
	}

}
