package dev.sixteen.server.connection;

import java.util.Map;
import java.util.Objects;

import dev.sixteen.handler.Exchange;
import dev.sixteen.handler.ExchangeHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * Spring Integration's TCP inbound gateway, which replies in one of two ways. Through its
 * request channel, {@value ExchangeHandler#REQUEST_CHANNEL}, where an application's flow
 * answers, as any gateway does. Or, where no flow consumes that channel, by calling the
 * {@link ExchangeHandler} (the application's, or the built-in reply) on the connection's
 * thread, past the channel, the temporary reply channel and the message copies a round
 * trip through them costs (docs/spring-integration.md has the figures). Either way the
 * gateway's {@code onMessage} receives the request and sends the reply on its connection.
 */
public final class SixteenInboundGateway extends TcpInboundGateway {

	/**
	 * The headers of a handler's replies: none that anything reads, since the gateway
	 * sends a reply on the request's connection. Shared, so that a reply costs no header
	 * map, id or timestamp.
	 */
	private static final MessageHeaders REPLY_HEADERS = new MessageHeaders(Map.of());

	/** Where the reply comes from, past the channel; null for the channel. */
	private volatile @Nullable Reply direct;

	private volatile boolean facts = true;

	/**
	 * Replies through the request channel, where an application's flow answers. Set
	 * before the listener starts.
	 */
	public void replyThroughChannel() {
		this.direct = null;
		this.facts = true;
	}

	/**
	 * Replies with the same octets whatever the request, the built-in reply: one message,
	 * built once and sent every time; requests need no {@link Exchange}. Set before the
	 * listener starts.
	 * @param constant the reply
	 */
	public void replyWith(byte[] constant) {
		Message<byte[]> reply = new GenericMessage<>(constant, REPLY_HEADERS);
		this.direct = (request) -> reply;
		this.facts = false;
	}

	/**
	 * Replies by calling the handler. Set before the listener starts.
	 * @param handler what computes each reply
	 */
	public void replyDirectly(ExchangeHandler handler) {
		this.direct = (request) -> call(handler, request);
		this.facts = true;
	}

	/**
	 * Tells whether each request must carry its {@link Exchange} header: for an
	 * application's handler or flow, not for the built-in reply.
	 */
	boolean wantsFacts() {
		return this.facts;
	}

	/**
	 * The headers of a connection's requests where they carry no {@link Exchange}: the
	 * connection's id alone, by which the gateway sends the reply back. Built once per
	 * connection, and shared by its requests.
	 * @param connectionId the connection's id
	 * @return the headers
	 */
	static MessageHeaders headers(String connectionId) {
		return new MessageHeaders(Map.of(IpHeaders.CONNECTION_ID, connectionId));
	}

	/**
	 * The message of a request: its octets with the connection's headers, and, for an
	 * application's handler or flow, its {@link Exchange}.
	 * @param octets the request
	 * @param connection the connection's headers, from {@link #headers(String)}
	 * @param exchange the exchange, or null where nothing reads it
	 * @return the message
	 */
	static Message<byte[]> request(byte[] octets, MessageHeaders connection, @Nullable Exchange exchange) {
		if (exchange == null) {
			// a message of its own, with the connection's headers as they are: no header
			// map, id or timestamp made per exchange
			return new GenericMessage<>(octets, connection);
		}
		return MessageBuilder.withPayload(octets)
			.setHeader(IpHeaders.CONNECTION_ID, connection.get(IpHeaders.CONNECTION_ID))
			.setHeader(Exchange.HEADER, exchange)
			.build();
	}

	@Override
	protected @Nullable Message<?> sendAndReceiveMessage(Object request) {
		Reply reply = this.direct;
		return (reply != null) ? reply.to((Message<?>) request) : super.sendAndReceiveMessage(request);
	}

	private static @Nullable Message<?> call(ExchangeHandler handler, Message<?> request) {
		Exchange exchange = request.getHeaders().get(Exchange.HEADER, Exchange.class);
		byte[] reply;
		try {
			reply = handler.reply((byte[]) request.getPayload(), Objects.requireNonNull(exchange));
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new MessageHandlingException(request, ex);
		}
		return (reply != null) ? new GenericMessage<>(reply, REPLY_HEADERS) : null;
	}

	/** A reply computed on the connection's thread. */
	@FunctionalInterface
	private interface Reply {

		@Nullable Message<?> to(Message<?> request);

	}

}
