package dev.sixteen.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the client, under {@code sixteen.client}. The defaults live in
 * {@code application.yml}.
 *
 * @param host the server's host name or address
 * @param port the server's TCP port
 * @param frameLength octets in the message and in the reply
 * @param message the message, exactly {@code frameLength} octets in UTF-8
 * @param connectTimeout time allowed to connect, in whole seconds
 * @param readTimeout time allowed for the reply
 * @param ssl TLS to the server
 */
@Validated
@ConfigurationProperties(prefix = "sixteen.client", ignoreUnknownFields = false)
public record ClientProperties(@NotBlank String host,
		@Min(value = 1, message = "must be between 1 and 65535") @Max(value = 65535,
				message = "must be between 1 and 65535") int port,
		@Min(value = 1, message = "must be between 1 and 65536") @Max(value = 65536,
				message = "must be between 1 and 65536") int frameLength,
		@NotNull String message, @NotNull Duration connectTimeout, @NotNull Duration readTimeout,
		@Valid @NotNull Ssl ssl) {

	public ClientProperties {
		if (connectTimeout != null && connectTimeout.toSeconds() < 1) {
			throw new IllegalArgumentException(
					"sixteen.client.connect-timeout must be at least 1s, got " + connectTimeout);
		}
		if (readTimeout != null && (readTimeout.isNegative() || readTimeout.isZero())) {
			throw new IllegalArgumentException("sixteen.client.read-timeout must be positive, got " + readTimeout);
		}
		if (message != null && messageBytes(message).length != frameLength) {
			throw new IllegalArgumentException("sixteen.client.message must be exactly " + frameLength
					+ " octets (sixteen.client.frame-length), got " + messageBytes(message).length);
		}
	}

	public byte[] messageBytes() {
		return messageBytes(this.message);
	}

	private static byte[] messageBytes(String message) {
		return message.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * TLS to the server; its certificate must match the host the client connects to.
	 *
	 * @param bundle the Spring Boot SSL bundle whose trust store checks the server and
	 * whose key store, if any, identifies the client; empty for plain TCP
	 */
	public record Ssl(@NotNull String bundle) {

		public boolean enabled() {
			return !this.bundle.isBlank();
		}

	}

}
