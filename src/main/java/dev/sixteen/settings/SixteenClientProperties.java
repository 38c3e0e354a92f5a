package dev.sixteen.settings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.sixteen.settings.SixteenProperties.CrossField;
import jakarta.validation.GroupSequence;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the client, under {@code sixteen.client}: a branch of
 * {@link SixteenProperties}. Each default is the {@code @DefaultValue} of its setting.
 * Each setting is checked on its own before the message is checked against the request's
 * length.
 *
 * @param host the server's host name or address
 * @param port the server's TCP port
 * @param frameLength octets in the message and in the reply, unless {@code requestLength}
 * or {@code replyLength} says otherwise
 * @param requestLength octets in the message; unset for {@code frameLength}
 * @param replyLength octets in the reply; unset for {@code frameLength}
 * @param message the message, exactly {@code requestLength} octets in UTF-8
 * @param connectTimeout time allowed to connect, in whole seconds
 * @param readTimeout time allowed for the reply
 * @param ssl TLS to the server
 */
@GroupSequence({ SixteenClientProperties.class, CrossField.class })
@FitsFrame(text = "message", length = "requestLength", groups = CrossField.class)
public record SixteenClientProperties(@DefaultValue("127.0.0.1") @NotBlank(message = "must not be blank") String host,
		@DefaultValue("1060") @Range(min = 1, max = 65535, message = "must be between {min} and {max}") int port,
		@DefaultValue("16") @Range(min = 1, max = 65536, message = "must be between {min} and {max}") int frameLength,
		@Range(min = 1, max = 65536, message = "must be between {min} and {max}") @Nullable Integer requestLength,
		@Range(min = 1, max = 65536, message = "must be between {min} and {max}") @Nullable Integer replyLength,
		@DefaultValue("Hi there, server") @NotNull(message = "must be set") String message,
		@DefaultValue("5s") @NotNull(message = "must be set") @DurationMin(seconds = 1,
				message = "must be 1s or longer, in whole seconds") Duration connectTimeout,
		@DefaultValue("10s") @NotNull(message = "must be set") @DurationMin(nanos = 0, inclusive = false,
				message = "must be longer than 0, such as 10s or 500ms") Duration readTimeout,
		@DefaultValue @Valid @NotNull(message = "must be set") Ssl ssl) implements FrameLengths {

	public byte[] messageBytes() {
		return this.message.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * TLS to the server; its certificate must match the host the client connects to.
	 *
	 * @param bundle the Spring Boot SSL bundle whose trust store checks the server and
	 * whose key store, if any, identifies the client; empty for plain TCP
	 */
	public record Ssl(@DefaultValue("") @NotNull(message = "must be set") String bundle) {

		public boolean enabled() {
			return !this.bundle.isBlank();
		}

	}

}
