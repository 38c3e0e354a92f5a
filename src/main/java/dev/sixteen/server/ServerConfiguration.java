package dev.sixteen.server;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.metrics.ExchangeMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The server: a {@code TcpInboundGateway} on a blocking connection factory, a thread per
 * connection (virtual threads where the JDK has them and
 * {@code spring.threads.virtual.enabled} is true).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerProperties.class)
class ServerConfiguration {

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
		return Executors.newCachedThreadPool(new CustomizableThreadFactory("sixteen-"));
	}

	@Bean
	ListenerConnectionFactory sixteenServerFactory(ServerProperties properties, ExchangeMetrics metrics,
			Executor sixteenConnectionExecutor) {
		ListenerConnectionFactory factory = new ListenerConnectionFactory(properties.host(), properties.port());
		FixedLengthCodec codec = new FixedLengthCodec(properties.frameLength());
		factory.setSerializer(codec);
		factory.setDeserializer(codec);
		factory.setBacklog(properties.backlog());
		factory.setSoTimeout((int) Math.min(Integer.MAX_VALUE, properties.readTimeout().toMillis()));
		factory.setSoTcpNoDelay(true);
		factory.setTaskExecutor(sixteenConnectionExecutor);
		factory.setTcpNetConnectionSupport(new ExchangeConnectionSupport(properties, metrics));
		metrics.watchListener(factory::isListening);
		return factory;
	}

	@Bean
	IntegrationFlow sixteenInboundFlow(ListenerConnectionFactory sixteenServerFactory, ServerProperties properties) {
		byte[] reply = properties.replyBytes();
		return IntegrationFlow.from(Tcp.inboundGateway(sixteenServerFactory))
			.handle(byte[].class, (request, headers) -> reply)
			.get();
	}

	@Bean
	ListenerHealthIndicator tcpListener(ListenerConnectionFactory sixteenServerFactory, ServerProperties properties) {
		return new ListenerHealthIndicator(sixteenServerFactory, properties.host());
	}

}
