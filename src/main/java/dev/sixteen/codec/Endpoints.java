package dev.sixteen.codec;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * Names one end of a connection the way logs and output show it: {@code 127.0.0.1:1060},
 * {@code [::1]:1060}.
 */
public final class Endpoints {

	private Endpoints() {
	}

	public static String format(@Nullable InetAddress address, int port) {
		if (address == null) {
			return "?:" + port;
		}
		String host = address.getHostAddress();
		return (address instanceof Inet6Address) ? "[" + host + "]:" + port : host + ":" + port;
	}

}
