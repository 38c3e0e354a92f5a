package dev.sixteen.client;

import java.util.Map;

import dev.sixteen.codec.Endpoints;
import dev.sixteen.codec.FixedLengthCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

/**
 * The client: a {@code TcpOutboundGateway} on a single-use connection factory with the
 * same fixed-length codec as the server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientProperties.class)
class ClientConfiguration {

	@Bean
	TcpNetClientConnectionFactory sixteenClientFactory(ClientProperties properties) {
		TcpNetClientConnectionFactory factory = new TcpNetClientConnectionFactory(properties.host(), properties.port());
		FixedLengthCodec codec = new FixedLengthCodec(properties.frameLength());
		factory.setSerializer(codec);
		factory.setDeserializer(codec);
		factory.setSingleUse(true);
		factory.setSoTcpNoDelay(true);
		factory.setConnectTimeout((int) properties.connectTimeout().toSeconds());
		factory.setSoTimeout((int) Math.min(Integer.MAX_VALUE, properties.readTimeout().toMillis()));
		factory.setMapper(new LocalAddressMapper());
		return factory;
	}

	@Bean
	IntegrationFlow sixteenOutboundFlow(TcpNetClientConnectionFactory sixteenClientFactory,
			ClientProperties properties) {
		return IntegrationFlow.from(SixteenGateway.class)
			.handle(Tcp.outboundGateway(sixteenClientFactory).remoteTimeout(properties.readTimeout().toMillis()))
			.get();
	}

	/** Adds the client socket's own address to each reply. */
	static final class LocalAddressMapper extends TcpMessageMapper {

		@Override
		protected @Nullable Map<String, ?> supplyCustomHeaders(TcpConnection connection) {
			SocketInfo socket = connection.getSocketInfo();
			if (socket == null) {
				return null;
			}
			return Map.of(SixteenGateway.LOCAL_ADDRESS,
					Endpoints.format(socket.getLocalAddress(), socket.getLocalPort()));
		}

	}

}
