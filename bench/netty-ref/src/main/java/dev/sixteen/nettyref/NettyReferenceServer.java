package dev.sixteen.nettyref;

import java.nio.charset.StandardCharsets;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.FixedLengthFrameDecoder;

/**
 * The sixteen-octet exchange as a Netty user would write it instead of sixteen: NIO event
 * loops (two per core, Netty's default), a {@link FixedLengthFrameDecoder} and a handler
 * that answers each frame. It is the reference {@code bench/compare.sh} measures against.
 *
 * <pre>
 * java -jar target/netty-ref.jar [-h HOST] [-p PORT] [-k]
 *   -h 127.0.0.1   -p 1060   -k: keep the connection for more frames (default: close after the reply)
 * </pre>
 *
 * It serves until stopped, and says nothing per connection.
 */
public final class NettyReferenceServer {

	private static final int FRAME_LENGTH = 16;

	private static final String REPLY = "Farewell, client";

	private NettyReferenceServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		String host = "127.0.0.1";
		int port = 1060;
		boolean keepAlive = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "-h" -> host = value(args, ++i);
				case "-p" -> port = Integer.parseInt(value(args, ++i));
				case "-k" -> keepAlive = true;
				default -> usage();
			}
		}
		ByteBuf reply = Unpooled.unreleasableBuffer(
				Unpooled.directBuffer(FRAME_LENGTH).writeBytes(REPLY.getBytes(StandardCharsets.US_ASCII)));
		ExchangeHandler handler = new ExchangeHandler(reply, keepAlive);
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
		new ServerBootstrap().group(loops)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 4096)
			.childHandler(new ChannelInitializer<SocketChannel>() {

				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(new FixedLengthFrameDecoder(FRAME_LENGTH), handler);
				}

			})
			.bind(host, port)
			.sync();
		System.err.printf("netty-ref listening on %s:%d, %s%n", host, port, keepAlive ? "keep-alive" : "one-shot");
	}

	private static String value(String[] args, int i) {
		if (i >= args.length) {
			usage();
		}
		return args[i];
	}

	private static void usage() {
		System.err.println("usage: java -jar netty-ref.jar [-h HOST] [-p PORT] [-k]");
		System.exit(2);
	}

}
