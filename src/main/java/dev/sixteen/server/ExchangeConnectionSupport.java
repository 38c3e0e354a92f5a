package dev.sixteen.server;

import java.net.InetAddress;
import java.net.Socket;

import dev.sixteen.codec.FixedLengthCodec;
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

	/**
	 * Connections publish no open, close or exception events: each would be multicast to
	 * the context's listeners for every connection, and sixteen logs and counts those
	 * moments itself.
	 */
	private static final ApplicationEventPublisher NO_EVENTS = (event) -> {
	};

	private final SixteenServerProperties properties;

	private final ExchangeMetrics metrics;

	private final Connections connections;

	private final FixedLengthCodec codec;

	ExchangeConnectionSupport(SixteenServerProperties properties, FixedLengthCodec codec, ExchangeMetrics metrics,
			Connections connections) {
		this.properties = properties;
		this.codec = codec;
		this.metrics = metrics;
		this.connections = connections;
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		this.metrics.accepted();
		ExchangeConnection connection = new ExchangeConnection(socket, NO_EVENTS, factoryName, this.properties,
				this.codec, this.metrics, this.connections);
		if (!allowed(socket.getInetAddress())) {
			connection.reject("not in sixteen.server.allowed-clients");
		}
		else if (this.connections.add(connection) > this.properties.maxConnections()) {
			connection.reject(this.properties.maxConnections() + " connections open (sixteen.server.max-connections)");
		}
		return connection;
	}

	private boolean allowed(InetAddress peer) {
		if (this.properties.allowedClients().isEmpty()) {
			return true;
		}
		for (Cidr network : this.properties.allowedClients()) {
			if (network.contains(peer)) {
				return true;
			}
		}
		return false;
	}

}
