package dev.sixteen.server;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.sixteen.TlsBundles;
import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.settings.SixteenProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;

/**
 * The server: a {@code TcpInboundGateway} on a blocking connection factory, a thread per
 * connection (virtual threads where the JDK has them and
 * {@code spring.threads.virtual.enabled} is true).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SixteenProperties.class)
class ServerConfiguration {

	@Bean
	ExchangeMetrics exchangeMetrics(MeterRegistry registry) {
		return new ExchangeMetrics(registry);
	}

	@Bean
	Connections sixteenConnections() {
		return new Connections();
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

	@Bean
	ListenerConnectionFactory sixteenServerFactory(SixteenProperties sixteen, ExchangeMetrics metrics,
			Connections sixteenConnections, Executor sixteenConnectionExecutor, SslBundles sslBundles) {
		SixteenServerProperties properties = sixteen.server();
		ListenerConnectionFactory factory = new ListenerConnectionFactory(properties.host(), properties.port(),
				sixteenConnections);
		FixedLengthCodec codec = new FixedLengthCodec(properties.frameLength());
		factory.setSerializer(codec);
		factory.setDeserializer(codec);
		factory.setMapper(new FrameMessageMapper());
		factory.setBacklog(properties.backlog());
		factory.setTaskExecutor(sixteenConnectionExecutor);
		factory
			.setTcpNetConnectionSupport(new ExchangeConnectionSupport(properties, codec, metrics, sixteenConnections));
		if (properties.ssl().enabled()) {
			SslBundle bundle = TlsBundles.get(sslBundles, "sixteen.server.ssl.bundle", properties.ssl().bundle());
			factory.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(bundle::createSslContext));
			factory.setTcpSocketSupport(new TlsServerSocketSupport(properties.ssl().clientAuth(), bundle.getOptions()));
		}
		metrics.watch(factory::isListening, sixteenConnections::size);
		return factory;
	}

	@Bean
	IntegrationFlow sixteenInboundFlow(ListenerConnectionFactory sixteenServerFactory, SixteenProperties sixteen) {
		byte[] reply = sixteen.server().replyBytes();
		return IntegrationFlow.from(Tcp.inboundGateway(sixteenServerFactory))
			.handle(byte[].class, (request, headers) -> reply)
			.get();
	}

	@Bean
	ListenerDrain sixteenListenerDrain(ListenerConnectionFactory sixteenServerFactory, Connections sixteenConnections,
			SixteenProperties sixteen, ApplicationEventPublisher events) {
		return new ListenerDrain(sixteenServerFactory, sixteenConnections, sixteen.server(), events);
	}

	@Bean
	ListenerHealthIndicator tcpListener(ListenerConnectionFactory sixteenServerFactory) {
		return new ListenerHealthIndicator(sixteenServerFactory);
	}

}
