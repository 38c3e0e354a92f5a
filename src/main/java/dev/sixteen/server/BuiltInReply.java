package dev.sixteen.server;

import dev.sixteen.startup.StartupException;
import dev.sixteen.handler.Exchange;
import dev.sixteen.handler.ExchangeHandler;
import dev.sixteen.settings.SixteenServerProperties;

/**
 * The reply where the application supplies none: {@code sixteen.server.reply}, the same
 * octets whatever the request ({@code Farewell, client} by default).
 */
final class BuiltInReply implements ExchangeHandler {

	private final SixteenServerProperties properties;

	private final byte[] reply;

	BuiltInReply(SixteenServerProperties properties) {
		this.properties = properties;
		this.reply = properties.replyBytes();
	}

	/**
	 * Checks the reply against the reply's length: only where the reply is used, so that
	 * an application that replaces it need not set it.
	 * @throws StartupException if {@code sixteen.server.reply} is not exactly
	 * {@code reply-length} octets
	 */
	void check() {
		if (this.reply.length != this.properties.replyOctets()) {
			throw new StartupException("invalid setting sixteen.server.reply=" + this.properties.reply()
					+ ": must be exactly " + this.properties.replyOctets() + " octets in UTF-8 (as many as "
					+ this.properties.replyLengthKey() + "), got " + this.reply.length);
		}
	}

	byte[] octets() {
		return this.reply;
	}

	@Override
	public byte[] reply(byte[] request, Exchange exchange) {
		return this.reply;
	}

}
