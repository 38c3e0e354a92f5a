package dev.sixteen.server;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;

/**
 * Maps a frame to a message carrying only the header the inbound gateway needs to send
 * the reply back, the connection id. The standard mapper adds the peer's host, address
 * and port and the local address, each exchange, which costs a system call and several
 * header copies for what sixteen logs from the connection itself.
 */
final class FrameMessageMapper extends TcpMessageMapper {

	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		return getMessageBuilderFactory().withPayload(connection.getPayload())
			.setHeader(IpHeaders.CONNECTION_ID, connection.getConnectionId())
			.build();
	}

}
