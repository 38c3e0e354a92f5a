package dev.sixteen.server;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.sixteen.handler.ExchangeHandler;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.server.connection.ConnectionKit;
import dev.sixteen.server.connection.SixteenInboundGateway;
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

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.util.IdGenerator;
import org.springframework.util.SimpleIdGenerator;

/**
 * The server, as an auto-configuration: a {@code TcpInboundGateway} on the exchange's
 * connection factory, a thread per connection (virtual threads where the JDK has them and
 * {@code spring.threads.virtual.enabled} is true). sixteen's own application and any
 * application that depends on sixteen get it; each bean steps aside for one of the
 * application's ({@code @ConditionalOnMissingBean}).
 */
@AutoConfiguration
@EnableConfigurationProperties(SixteenProperties.class)
@Import(ActuatorConfiguration.class)
public class ServerConfiguration {

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
	@ConditionalOnMissingBean
	IdGenerator sixteenMessageIds() {
		return new SimpleIdGenerator();
	}

	@Bean
	@ConditionalOnMissingBean
	ExchangeMetrics exchangeMetrics(MeterRegistry registry) {
		return new ExchangeMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean(name = "sixteenConnectionExecutor")
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
	@ConditionalOnMissingBean
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
	@ConditionalOnMissingBean
	SixteenServerFactory sixteenServerFactory(SixteenProperties sixteen, ConnectionKit sixteenConnectionKit,
			Executor sixteenConnectionExecutor) {
		SixteenServerFactory serverFactory = new SixteenServerFactory(sixteen.server(), sixteenConnectionKit);
		serverFactory.setTaskExecutor(sixteenConnectionExecutor);
		return serverFactory;
	}

	/**
	 * The channel the inbound gateway sends each request to where an application's flow
	 * consumes it: {@value ExchangeHandler#REQUEST_CHANNEL}.
	 */
	@Bean(ExchangeHandler.REQUEST_CHANNEL)
	@ConditionalOnMissingBean(name = ExchangeHandler.REQUEST_CHANNEL)
	DirectChannel sixteenRequests() {
		return new DirectChannel();
	}

	/**
	 * The exchange: the inbound gateway on the listener, which replies through the
	 * request channel or, where no flow consumes it, by calling the handler
	 * ({@link ReplySource} decides).
	 */
	@Bean
	@ConditionalOnMissingBean
	SixteenInboundGateway sixteenInboundGateway(SixteenServerFactory sixteenServerFactory, SixteenProperties sixteen,
			DirectChannel sixteenRequests, ExchangeHandler handler, ListableBeanFactory beans) {
		SixteenInboundGateway gateway = new SixteenInboundGateway();
		gateway.setConnectionFactory(sixteenServerFactory);
		gateway.setRequestChannel(sixteenRequests);
		// A flow that returns nothing is closed at the exchange's deadline and counted as
		// timeout, as a slow one is: the gateway gives up its wait two ticks later, so
		// that the deadline clock always comes first.
		gateway.setReplyTimeout(sixteen.server().readTimeout().plus(DeadlineClock.TICK.multipliedBy(2)).toMillis());
		ReplySource replies = new ReplySource(sixteenRequests, gateway, handler,
				beans.getBeanNamesForType(ExchangeHandler.class)[0]);
		// decided as the listener starts: after every flow has subscribed to the channel
		sixteenServerFactory.setBeforeStart(replies::decide);
		return gateway;
	}

	/**
	 * The built-in reply, {@code sixteen.server.reply}; an {@link ExchangeHandler} bean
	 * of the application's replaces it.
	 */
	@Bean
	@ConditionalOnMissingBean(ExchangeHandler.class)
	ExchangeHandler sixteenBuiltInReply(SixteenProperties sixteen) {
		return new BuiltInReply(sixteen.server());
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerPort sixteenListenerPort(SixteenServerFactory sixteenServerFactory, ConfigurableEnvironment environment) {
		return new ListenerPort(sixteenServerFactory, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlineClock sixteenDeadlineClock(ConnectionKit sixteenConnectionKit) {
		return new DeadlineClock(sixteenConnectionKit.connections(), sixteenConnectionKit.clock());
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownDrain sixteenShutdownDrain(SixteenServerFactory sixteenServerFactory, ConnectionKit sixteenConnectionKit,
			DeadlineClock sixteenDeadlineClock, SixteenProperties sixteen, ApplicationEventPublisher events) {
		return new ShutdownDrain(sixteenServerFactory, sixteenConnectionKit.connections(), sixteenDeadlineClock,
				sixteen.server().drainDelay(), sixteen.server().shutdownTimeout(), events);
	}

	@Bean
	@ConditionalOnMissingBean(name = "tcpListener")
	ListenerStatus tcpListener(SixteenServerFactory sixteenServerFactory, ConnectionKit sixteenConnectionKit) {
		return new ListenerStatus(sixteenServerFactory, sixteenConnectionKit.connections(),
				sixteenConnectionKit.edge().admission());
	}

}
