package dev.sixteen.nettyref;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Answers each 16-octet frame that {@code FixedLengthFrameDecoder} cuts from the stream,
 * however TCP split it, with the reply; then closes, unless the connection is kept alive.
 *
 * <pre>
 * in:  "Hi th" | "ere, server"  -- decoder -->  "Hi there, server"
 * out: "Farewell, client", then FIN (one-shot) or the next frame (keep-alive)
 * </pre>
 */
@Sharable
final class ExchangeHandler extends SimpleChannelInboundHandler<ByteBuf> {

	private final ByteBuf reply;

	private final boolean keepAlive;

	/**
	 * @param reply the reply, written as a duplicate so that it is never released
	 * @param keepAlive whether to wait for another frame instead of closing
	 */
	ExchangeHandler(ByteBuf reply, boolean keepAlive) {
		this.reply = reply;
		this.keepAlive = keepAlive;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
		ChannelFuture written = context.writeAndFlush(this.reply.duplicate());
		if (!this.keepAlive) {
			written.addListener(ChannelFutureListener.CLOSE);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
		// a peer that resets is no news to a benchmark: close without a stack trace
		context.close();
	}

}
