package dev.sixteen.bench;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What one bench run does. The defaults live on the command line ({@code BenchCommand}).
 *
 * @param server the server to load
 * @param connections connections open at once, each making one exchange at a time
 * @param duration how long the measured part of the run lasts
 * @param warmup how long the run goes before it starts measuring; zero for no warm-up
 * @param maxExchanges the measured part also ends after this many exchanges
 * @param keepAlive exchanges per connection before it is closed and opened anew
 * @param request the octets sent in each exchange
 * @param reply the octets expected back; exactly as many are read
 * @param anyReply whether any reply of that length will do, for a server whose reply
 * depends on more than the request
 * @param timeout time allowed for an exchange, from its connect or its send to the whole
 * reply
 */
public record BenchSettings(InetSocketAddress server, int connections, Duration duration, Duration warmup,
		long maxExchanges, int keepAlive, byte[] request, byte[] reply, boolean anyReply, Duration timeout) {

	public BenchSettings {
		require(connections >= 1, "--connections must be at least 1, got " + connections);
		require(duration.compareTo(Duration.ZERO) > 0, "--duration must be positive, got " + duration);
		require(!warmup.isNegative(), "--warmup must not be negative, got " + warmup);
		require(maxExchanges >= 1, "--exchanges must be at least 1, got " + maxExchanges);
		require(keepAlive >= 1, "--keep-alive must be at least 1, got " + keepAlive);
		require(request.length >= 1, "--message must not be empty");
		require(reply.length >= 1, "--reply must not be empty");
		require(timeout.compareTo(Duration.ZERO) > 0, "--timeout must be positive, got " + timeout);
	}

	private static void require(boolean valid, String problem) {
		if (!valid) {
			throw new IllegalArgumentException(problem);
		}
	}

}
