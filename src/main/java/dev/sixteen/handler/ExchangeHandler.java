package dev.sixteen.handler;

/**
 * Computes the reply to one request: the application's part of the exchange. sixteen
 * reads the request, exactly {@code sixteen.server.request-length} octets however TCP
 * splits them, calls the handler on the connection's thread, and writes what it returns,
 * which must be exactly {@code sixteen.server.reply-length} octets.
 *
 * <pre class="code">
 * &#064;Component
 * class Echo implements ExchangeHandler {
 *
 *     public byte[] reply(byte[] request, Exchange exchange) {
 *         return request;
 *     }
 *
 * }
 * </pre>
 *
 * A handler that throws, returns {@code null} or returns another number of octets gets no
 * reply sent: the connection is closed and the failure counted
 * ({@code sixteen_exchanges_failed_total{reason="handler_error"}} or
 * {@code reason="handler_reply"}) and logged in one line. One slower than
 * {@code read-timeout} has its connection closed at the deadline ({@code timeout}); what
 * it returns then is dropped. One bean of this type replaces sixteen's built-in reply
 * ({@code sixteen.server.reply}).
 */
@FunctionalInterface
public interface ExchangeHandler {

	/**
	 * The channel the TCP inbound gateway sends each request to. A Spring Integration
	 * flow that starts here
	 * ({@code IntegrationFlow.from(ExchangeHandler.REQUEST_CHANNEL)}) and ends with the
	 * reply's octets replaces the built-in reply, as a handler bean does; the request's
	 * {@link Exchange} is its header {@link Exchange#HEADER}.
	 */
	String REQUEST_CHANNEL = "sixteenRequests";

	/**
	 * The reply to a request.
	 * @param request the request's octets, exactly {@code request-length} of them
	 * @param exchange who sent it, on which connection, and the how-manieth exchange it
	 * is
	 * @return the reply's octets, exactly {@code reply-length} of them
	 * @throws Exception to send no reply: the connection is closed and the failure
	 * counted
	 */
	byte[] reply(byte[] request, Exchange exchange) throws Exception;

}
