package dev.sixteen.server;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.sixteen.TlsBundles;
import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.settings.SixteenProperties;
import io.micrometer.core.instrument.Clock;

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
 * The server: a {@code TcpInboundGateway} on the exchange's connection factory, a thread
 * per connection (virtual threads where the JDK has them and
 * {@code spring.threads.virtual.enabled} is true).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SixteenProperties.class)
class ServerConfiguration {

	@Bean
	ExchangeMetrics exchangeMetrics() {
		return new ExchangeMetrics();
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
	ExchangeConnectionFactory sixteenServerFactory(SixteenProperties sixteen, ExchangeMetrics metrics, Clock clock,
			Executor sixteenConnectionExecutor, SslBundles sslBundles) {
		SixteenServerProperties properties = sixteen.server();
		ExchangeConnectionFactory factory = new ExchangeConnectionFactory(properties,
				new FixedLengthCodec(properties.frameLength()), metrics, clock);
		factory.setTaskExecutor(sixteenConnectionExecutor);
		if (properties.ssl().enabled()) {
			SslBundle bundle = TlsBundles.get(sslBundles, "sixteen.server.ssl.bundle", properties.ssl().bundle());
			factory.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(bundle::createSslContext));
			factory.setTcpSocketSupport(new TlsServerSocketSupport(properties.ssl().clientAuth(), bundle.getOptions()));
		}
		return factory;
	}

	@Bean
	IntegrationFlow sixteenInboundFlow(ExchangeConnectionFactory sixteenServerFactory, SixteenProperties sixteen) {
		byte[] reply = sixteen.server().replyBytes();
		return IntegrationFlow.from(Tcp.inboundGateway(sixteenServerFactory))
			.handle(byte[].class, (request, headers) -> reply)
			.get();
	}

	@Bean
	ShutdownDrain sixteenShutdownDrain(ExchangeConnectionFactory sixteenServerFactory, SixteenProperties sixteen,
			ApplicationEventPublisher events) {
		return new ShutdownDrain(sixteenServerFactory, sixteen.server().shutdownTimeout(), events);
	}

	@Bean
	ListenerHealthIndicator tcpListener(ExchangeConnectionFactory sixteenServerFactory) {
		return new ListenerHealthIndicator(sixteenServerFactory);
	}

}
