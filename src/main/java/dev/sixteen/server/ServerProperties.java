package dev.sixteen.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the TCP server, under {@code sixteen.server}. The defaults live in
 * {@code application.yml}.
 *
 * @param host the interface to bind, {@code 0.0.0.0} for all
 * @param port the TCP port, 0 for an ephemeral one
 * @param frameLength octets in a request and in a reply
 * @param reply the reply, exactly {@code frameLength} octets in UTF-8
 * @param closeAfterReply close after each reply, as the classic server does
 * @param readTimeout time allowed for a whole frame to arrive, counted from the accept or
 * the previous reply
 * @param maxConnections connections open at once; more are refused
 * @param backlog pending connections the kernel queues before accept
 */
@Validated
@ConfigurationProperties(prefix = "sixteen.server", ignoreUnknownFields = false)
public record ServerProperties(@NotBlank String host,
		@Min(value = 0, message = "must be between 0 and 65535") @Max(value = 65535,
				message = "must be between 0 and 65535") int port,
		@Min(value = 1, message = "must be between 1 and 65536") @Max(value = 65536,
				message = "must be between 1 and 65536") int frameLength,
		@NotNull String reply, boolean closeAfterReply, @NotNull Duration readTimeout,
		@Min(value = 1, message = "must be at least 1") int maxConnections,
		@Min(value = 1, message = "must be at least 1") int backlog) {

	public ServerProperties {
		if (readTimeout != null && (readTimeout.isNegative() || readTimeout.isZero())) {
			throw new IllegalArgumentException("sixteen.server.read-timeout must be positive, got " + readTimeout);
		}
		if (reply != null && replyBytes(reply).length != frameLength) {
			throw new IllegalArgumentException("sixteen.server.reply must be exactly " + frameLength
					+ " octets (sixteen.server.frame-length), got " + replyBytes(reply).length);
		}
	}

	public byte[] replyBytes() {
		return replyBytes(this.reply);
	}

	private static byte[] replyBytes(String reply) {
		return reply.getBytes(StandardCharsets.UTF_8);
	}

}
