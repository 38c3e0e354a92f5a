package dev.sixteen.settings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.sixteen.settings.SixteenProperties.CrossField;
import jakarta.validation.GroupSequence;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the TCP server, under {@code sixteen.server}: a branch of
 * {@link SixteenProperties}. Each default is the {@code @DefaultValue} of its setting.
 * Each setting is checked on its own; the reply is checked against the reply's length
 * where it is used, when no handler of the application's replaces it.
 *
 * @param host the interface to bind, {@code 0.0.0.0} for all
 * @param port the TCP port, 0 for an ephemeral one
 * @param frameLength octets in a request and in a reply, unless {@code requestLength} or
 * {@code replyLength} says otherwise
 * @param reply the built-in reply, exactly {@code replyLength} octets in UTF-8; unused
 * where the application supplies a handler
 * @param requestLength octets in a request; unset for {@code frameLength}
 * @param replyLength octets in a reply; unset for {@code frameLength}
 * @param closeAfterReply close after each reply, as the classic server does
 * @param readTimeout the deadline of an exchange, its whole frame in and its reply out,
 * counted from the accept or the previous reply
 * @param maxConnections connections open at once, more are refused; 0 derives it from the
 * memory the JVM may use
 * @param maxConnectionsPerClient connections open at once from one address, more are
 * refused; 0 for no such limit
 * @param backlog pending connections the kernel queues before accept
 * @param drainDelay on stop, how long the listener keeps accepting after readiness turns
 * down, so that load balancers notice first
 * @param shutdownTimeout time exchanges in flight get to finish when the server stops
 * @param allowedClients the only networks peers may come from; empty for any
 * @param proxyProtocol the PROXY protocol, from a load balancer in front
 * @param ssl TLS on the TCP port
 */
public record SixteenServerProperties(@DefaultValue("0.0.0.0") @NotBlank(message = "must not be blank") String host,
		@DefaultValue("1060") @Range(min = 0, max = 65535, message = "must be between {min} and {max}") int port,
		@DefaultValue("16") @Range(min = 1, max = 65536, message = "must be between {min} and {max}") int frameLength,
		@Range(min = 1, max = 65536, message = "must be between {min} and {max}") @Nullable Integer requestLength,
		@Range(min = 1, max = 65536, message = "must be between {min} and {max}") @Nullable Integer replyLength,
		@DefaultValue("Farewell, client") @NotNull(message = "must be set") String reply,
		@DefaultValue("true") boolean closeAfterReply,
		@DefaultValue("10s") @NotNull(message = "must be set") @DurationMin(nanos = 0, inclusive = false,
				message = "must be longer than 0, such as 10s or 500ms") Duration readTimeout,
		@DefaultValue("0") @PositiveOrZero(message = "must be 0 (derived from memory) or more") int maxConnections,
		@DefaultValue("0") @PositiveOrZero(message = "must be 0 (no limit) or more") int maxConnectionsPerClient,
		@DefaultValue("4096") @Positive(message = "must be at least 1") int backlog,
		@DefaultValue("5s") @NotNull(message = "must be set") @DurationMin(nanos = 0,
				message = "must be 0s or longer, such as 5s") Duration drainDelay,
		@DefaultValue("20s") @NotNull(message = "must be set") @DurationMin(nanos = 0,
				message = "must be 0s or longer, such as 20s") Duration shutdownTimeout,
		@DefaultValue List<Cidr> allowedClients,
		@DefaultValue @Valid @NotNull(message = "must be set") ProxyProtocol proxyProtocol,
		@DefaultValue @Valid @NotNull(message = "must be set") Ssl ssl) implements FrameLengths {

	public byte[] replyBytes() {
		return this.reply.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The PROXY protocol (HAProxy's, v1 and v2), by which a load balancer that rewrites
	 * the source address says whose connection it forwards.
	 *
	 * @param mode {@code off}; {@code optional}, a header read where a trusted proxy
	 * sends one; {@code required}, every connection a trusted proxy's with a header
	 * @param trustedProxies the networks of the balancers allowed to send a header; must
	 * name them unless the mode is {@code off}
	 */
	@GroupSequence({ ProxyProtocol.class, CrossField.class })
	@NamesTrustedProxies(groups = CrossField.class)
	public record ProxyProtocol(@DefaultValue("off") @NotNull(message = "must be set") Mode mode,
			@DefaultValue List<Cidr> trustedProxies) {

		/** Whether connections begin with a PROXY header. */
		public enum Mode {

			/** Never: the peer is the client. */
			OFF,

			/** Where a trusted proxy sends one. */
			OPTIONAL,

			/** Always, and only from trusted proxies. */
			REQUIRED

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
	public record Ssl(@DefaultValue("") @NotNull(message = "must be set") String bundle,
			@DefaultValue("none") @NotNull(message = "must be set") ClientAuth clientAuth) {

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
