package dev.sixteen.server.connection;

import dev.sixteen.handler.Exchange;
import dev.sixteen.metrics.ExchangeMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.messaging.MessageHeaders;

/**
 * How a connection hands each request to the inbound gateway, which replies through the
 * connection's {@code send}: with the connection's headers, built once, and, where an
 * application's handler or flow replies, the request's {@link Exchange}, its call counted
 * as in flight until it returns.
 */
final class Handoff {

	private final TcpListener gateway;

	private final MessageHeaders headers;

	private final boolean facts;

	private final ExchangeMetrics metrics;

	/**
	 * Prepares the handoff of a connection's requests.
	 * @param gateway the inbound gateway, the connection's listener
	 * @param connectionId the connection's id, by which the gateway sends the reply back
	 * @param metrics where handler calls are counted
	 */
	Handoff(TcpListener gateway, String connectionId, ExchangeMetrics metrics) {
		this.gateway = gateway;
		this.headers = SixteenInboundGateway.headers(connectionId);
		this.facts = !(gateway instanceof SixteenInboundGateway sixteen) || sixteen.wantsFacts();
		this.metrics = metrics;
	}

	/**
	 * Tells whether each request must carry its {@link Exchange}: for an application's
	 * handler or flow, not for the built-in reply.
	 */
	boolean wantsFacts() {
		return this.facts;
	}

	/**
	 * Hands a request to the gateway. Whatever an application's handler or flow throws,
	 * an error included, is its failure, not the server's.
	 * @param request the request's octets
	 * @param exchange its exchange, where {@link #wantsFacts()}; else null
	 * @throws ReplyFailure if the handler or flow threw
	 */
	void hand(byte[] request, @Nullable Exchange exchange) {
		if (exchange == null) {
			this.gateway.onMessage(SixteenInboundGateway.request(request, this.headers, null));
			return;
		}
		this.metrics.handlerCalled();
		try {
			this.gateway.onMessage(SixteenInboundGateway.request(request, this.headers, exchange));
		}
		catch (RuntimeException | Error ex) {
			throw ReplyFailure.ofHandler(ex);
		}
		finally {
			this.metrics.handlerReturned();
		}
	}

}
