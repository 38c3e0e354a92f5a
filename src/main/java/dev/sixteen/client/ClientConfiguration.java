package dev.sixteen.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.display.Display;
import dev.sixteen.settings.GroupsTakeNoValue;
import dev.sixteen.settings.SixteenClientProperties;
import dev.sixteen.settings.SixteenProperties;
import dev.sixteen.startup.TlsBundles;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;
import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

/**
 * The client: a {@code TcpOutboundGateway} on a single-use connection factory with the
 * same fixed-length codec as the server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SixteenProperties.class)
class ClientConfiguration {

	@Bean
	static GroupsTakeNoValue sixteenGroupsTakeNoValue() {
		return new GroupsTakeNoValue();
	}

	@Bean
	TcpNetClientConnectionFactory sixteenClientFactory(SixteenProperties sixteen, SslBundles sslBundles) {
		SixteenClientProperties properties = sixteen.client();
		TcpNetClientConnectionFactory factory = new TcpNetClientConnectionFactory(properties.host(), properties.port());
		// the client writes requests and reads replies
		FixedLengthCodec codec = new FixedLengthCodec(properties.replyOctets(), properties.requestOctets());
		factory.setSerializer(codec);
		factory.setDeserializer(codec);
		factory.setSingleUse(true);
		factory.setSoTcpNoDelay(true);
		factory.setConnectTimeout((int) properties.connectTimeout().toSeconds());
		factory.setSoTimeout((int) Math.min(Integer.MAX_VALUE, properties.readTimeout().toMillis()));
		factory.setMapper(new LocalAddressMapper());
		if (properties.ssl().enabled()) {
			SslBundle bundle = TlsBundles.get(sslBundles, "sixteen.client.ssl.bundle", properties.ssl().bundle());
			factory.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(bundle::createSslContext));
			factory.setTcpSocketSupport(new EagerHandshake());
		}
		return factory;
	}

	@Bean
	IntegrationFlow sixteenOutboundFlow(TcpNetClientConnectionFactory sixteenClientFactory, SixteenProperties sixteen) {
		return IntegrationFlow.from(SixteenGateway.class)
			.handle(Tcp.outboundGateway(sixteenClientFactory).remoteTimeout(sixteen.client().readTimeout().toMillis()))
			.get();
	}

	/**
	 * Checks the server's certificate (against the host name) and completes the handshake
	 * while connecting, so that a TLS failure is reported as one instead of as a closed
	 * connection.
	 */
	static final class EagerHandshake extends DefaultTcpSocketSupport {

		EagerHandshake() {
			super(true);
		}

		@Override
		public void postProcessSocket(Socket socket) {
			super.postProcessSocket(socket);
			try {
				((SSLSocket) socket).startHandshake();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

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
					Display.endpoint(socket.getLocalAddress(), socket.getLocalPort()));
		}

	}

}
