package dev.sixteen.server;

import dev.sixteen.handler.ExchangeHandler;
import dev.sixteen.server.connection.SixteenInboundGateway;
import dev.sixteen.startup.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.channel.DirectChannel;

/**
 * Decides where replies come from: an application's flow on
 * {@value ExchangeHandler#REQUEST_CHANNEL}, if one subscribed to it; else the
 * {@link ExchangeHandler} bean, the application's or the built-in reply. The listener
 * asks as it starts, before it binds: after every consumer endpoint has subscribed (their
 * phase is the lowest), and before the first connection.
 */
final class ReplySource {

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	private final DirectChannel requests;

	private final SixteenInboundGateway gateway;

	private final ExchangeHandler handler;

	private final String handlerName;

	ReplySource(DirectChannel requests, SixteenInboundGateway gateway, ExchangeHandler handler, String handlerName) {
		this.requests = requests;
		this.gateway = gateway;
		this.handler = handler;
		this.handlerName = handlerName;
	}

	/** Sets the gateway to reply through the channel or by calling the handler. */
	void decide() {
		BuiltInReply builtIn = (this.handler instanceof BuiltInReply reply) ? reply : null;
		if (this.requests.getSubscriberCount() == 0) {
			if (builtIn != null) {
				builtIn.check();
				this.gateway.replyWith(builtIn.octets());
			}
			else {
				this.gateway.replyDirectly(this.handler);
				log.info("Replies come from the ExchangeHandler bean '{}'", this.handlerName);
			}
		}
		else if (builtIn != null) {
			this.gateway.replyThroughChannel();
			log.info("Replies come from the application's flow on {}", ExchangeHandler.REQUEST_CHANNEL);
		}
		else {
			throw new StartupException("both the ExchangeHandler bean '" + this.handlerName + "' and a flow on "
					+ ExchangeHandler.REQUEST_CHANNEL + " would reply; keep one");
		}
	}

}
