package dev.sixteen.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 * @param readTimeout time allowed for an exchange, its whole frame in and its reply out,
 * counted from the accept or the previous reply
 * @param maxConnections connections open at once; more are refused
 * @param backlog pending connections the kernel queues before accept
 * @param shutdownTimeout time exchanges in flight get to finish when the server stops
 * @param allowedClients the only networks peers may come from; empty for any
 * @param ssl TLS on the TCP port
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
		@Min(value = 1, message = "must be at least 1") int backlog, @NotNull Duration shutdownTimeout,
		@DefaultValue List<Cidr> allowedClients, @Valid @NotNull Ssl ssl) {

	public ServerProperties {
		positive("read-timeout", readTimeout);
		if (shutdownTimeout != null && shutdownTimeout.isNegative()) {
			throw new IllegalArgumentException(
					"sixteen.server.shutdown-timeout must be zero or more, got " + shutdownTimeout);
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

	private static void positive(String key, Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException("sixteen.server." + key + " must be positive, got " + value);
		}
	}

	/**
	 * TLS on the TCP port.
	 *
	 * @param bundle the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) holding the
	 * key material; empty for plain TCP
	 * @param clientAuth whether peers must present a certificate the bundle's trust store
	 * trusts
	 */
	public record Ssl(@NotNull String bundle, @NotNull ClientAuth clientAuth) {

		public boolean enabled() {
			return !this.bundle.isBlank();
		}

	}

	/** Whether a TLS peer must present a certificate. */
	public enum ClientAuth {

		/** No certificate asked for. */
		NONE,

		/** A certificate asked for, and checked if given. */
		WANT,

		/** A trusted certificate required. */
		NEED

	}

}
