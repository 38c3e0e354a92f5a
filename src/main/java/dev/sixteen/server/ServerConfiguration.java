package dev.sixteen.server;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.server.connection.ConnectionKit;
import dev.sixteen.server.edge.ServerTls;
import dev.sixteen.server.listener.SixteenServerFactory;
import dev.sixteen.server.operations.ConnectionLimit;
import dev.sixteen.server.operations.DeadlineClock;
import dev.sixteen.server.operations.ListenerStatus;
import dev.sixteen.server.operations.ShutdownDrain;
import dev.sixteen.settings.GroupsTakeNoValue;
import dev.sixteen.settings.SixteenProperties;
import dev.sixteen.settings.SixteenServerProperties;
import dev.sixteen.startup.TlsBundles;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.util.IdGenerator;
import org.springframework.util.SimpleIdGenerator;

/**
 * The server: a {@code TcpInboundGateway} on the exchange's connection factory, a thread
 * per connection (virtual threads where the JDK has them and
 * {@code spring.threads.virtual.enabled} is true).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SixteenProperties.class)
class ServerConfiguration {

	@Bean
	static GroupsTakeNoValue sixteenGroupsTakeNoValue() {
		return new GroupsTakeNoValue();
	}

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	/**
	 * Ids for messages from a counter, not a random UUID: every exchange makes three
	 * messages, and nothing in sixteen reads their ids. Spring Integration gives the one
	 * IdGenerator bean to every message's headers.
	 */
	@Bean
	IdGenerator sixteenMessageIds() {
		return new SimpleIdGenerator();
	}

	@Bean
	ExchangeMetrics exchangeMetrics(MeterRegistry registry) {
		return new ExchangeMetrics(registry);
	}

	@Bean
	Executor sixteenConnectionExecutor(Environment environment) {
		if (Threading.VIRTUAL.isActive(environment)) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("sixteen-");
			executor.setVirtualThreads(true);
			return executor;
		}
		// threads idle for 10 s end, so that a burst of connections leaves no crowd
		// behind
		return new ConnectionThreads("sixteen-", 10, TimeUnit.SECONDS);
	}

	/** What every connection needs for its life, built once from the settings. */
	@Bean
	ConnectionKit sixteenConnectionKit(SixteenProperties sixteen, ExchangeMetrics metrics, Clock clock,
			SslBundles sslBundles, Environment environment) {
		SixteenServerProperties properties = sixteen.server();
		ConnectionLimit limit = ConnectionLimit.of(properties.maxConnections(),
				Threading.VIRTUAL.isActive(environment));
		log.info("Accepting up to {} connections at once ({})", limit.connections(), limit.why());
		if (limit.tight()) {
			log.warn("The memory beside the heap holds fewer than {} connections on platform threads;"
					+ " lower -XX:MaxRAMPercentage, give the JVM more memory, or run on JDK 21 or later,"
					+ " where connections take virtual threads", ConnectionLimit.FLOOR);
		}
		ServerTls tls = null;
		if (properties.ssl().enabled()) {
			TlsBundles.get(sslBundles, "sixteen.server.ssl.bundle", properties.ssl().bundle());
			tls = new ServerTls(sslBundles, properties.ssl().bundle(), properties.ssl().clientAuth(), metrics);
		}
		return ConnectionKit.of(properties, limit.connections(), metrics, tls, clock);
	}

	@Bean
	SixteenServerFactory sixteenServerFactory(SixteenProperties sixteen, ConnectionKit sixteenConnectionKit,
			Executor sixteenConnectionExecutor) {
		SixteenServerFactory serverFactory = new SixteenServerFactory(sixteen.server(), sixteenConnectionKit);
		serverFactory.setTaskExecutor(sixteenConnectionExecutor);
		return serverFactory;
	}

	/**
	 * The exchange: each frame the gateway receives gets the reply. Every exchange gets
	 * the same reply: one message, built once and sent as it is (no request header is
	 * copied into it; the gateway replies on the request's connection).
	 */
	@Bean
	IntegrationFlow sixteenInboundFlow(SixteenServerFactory sixteenServerFactory, SixteenProperties sixteen) {
		Message<byte[]> reply = MessageBuilder.withPayload(sixteen.server().replyBytes()).build();
		return IntegrationFlow.from(Tcp.inboundGateway(sixteenServerFactory))
			.handle(byte[].class, (request, headers) -> reply, (endpoint) -> endpoint.notPropagatedHeaders("*"))
			.get();
	}

	@Bean
	DeadlineClock sixteenDeadlineClock(ConnectionKit sixteenConnectionKit) {
		return new DeadlineClock(sixteenConnectionKit.connections(), sixteenConnectionKit.clock());
	}

	@Bean
	ShutdownDrain sixteenShutdownDrain(SixteenServerFactory sixteenServerFactory, ConnectionKit sixteenConnectionKit,
			DeadlineClock sixteenDeadlineClock, SixteenProperties sixteen, ApplicationEventPublisher events) {
		return new ShutdownDrain(sixteenServerFactory, sixteenConnectionKit.connections(), sixteenDeadlineClock,
				sixteen.server().drainDelay(), sixteen.server().shutdownTimeout(), events);
	}

	@Bean
	ListenerStatus tcpListener(SixteenServerFactory sixteenServerFactory, ConnectionKit sixteenConnectionKit) {
		return new ListenerStatus(sixteenServerFactory, sixteenConnectionKit.connections(),
				sixteenConnectionKit.edge().admission());
	}

}
