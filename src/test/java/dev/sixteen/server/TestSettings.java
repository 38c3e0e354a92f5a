package dev.sixteen.server;

import java.time.Duration;
import java.util.List;

/**
 * Server settings for tests that build the server's parts without Spring: the shipped
 * defaults, but for the deadline and whether connections are kept.
 */
final class TestSettings {

	private TestSettings() {
	}

	static SixteenServerProperties server(Duration readTimeout, boolean closeAfterReply) {
		return new SixteenServerProperties("127.0.0.1", 0, 16, "Farewell, client", closeAfterReply, readTimeout, 0, 0,
				1024, Duration.ZERO, Duration.ofSeconds(20), List.of(),
				new SixteenServerProperties.ProxyProtocol(SixteenServerProperties.ProxyProtocol.Mode.OFF, List.of()),
				new SixteenServerProperties.Ssl("", SixteenServerProperties.ClientAuth.NONE));
	}

}
