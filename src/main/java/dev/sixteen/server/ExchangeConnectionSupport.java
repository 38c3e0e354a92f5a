package dev.sixteen.server;

import java.net.Socket;

import dev.sixteen.metrics.ExchangeMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

/**
 * Creates an {@link ExchangeConnection} for each accepted socket, counting it and marking
 * it rejected when it would exceed {@code max-connections}.
 */
final class ExchangeConnectionSupport implements TcpNetConnectionSupport {

	private final ServerProperties properties;

	private final ExchangeMetrics metrics;

	ExchangeConnectionSupport(ServerProperties properties, ExchangeMetrics metrics) {
		this.properties = properties;
		this.metrics = metrics;
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		int open = this.metrics.accepted();
		String rejection = (open > this.properties.maxConnections())
				? "refused: " + this.properties.maxConnections() + " connections open (sixteen.server.max-connections)"
				: null;
		return new ExchangeConnection(socket, publisher, factoryName, this.properties, this.metrics, rejection);
	}

}
