package dev.sixteen.server.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sixteen.codec.FixedLengthCodec;
import dev.sixteen.codec.ShortFrameException;
import dev.sixteen.display.Display;
import dev.sixteen.handler.Exchange;
import dev.sixteen.metrics.ConnectionEnd;
import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.metrics.FailureReason;
import dev.sixteen.server.edge.Admission;
import dev.sixteen.server.edge.Edge;
import dev.sixteen.server.edge.ServerTls;
import dev.sixteen.settings.SixteenServerProperties;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What a connection needs for its life, one value built at start-up and shared by every
 * connection: how frames are read and written, where it counts and logs, the edge it
 * passes (PROXY header, admission, TLS), the time its deadlines are kept in, and when it
 * closes.
 *
 * @param codec the frame codec, for both directions
 * @param metrics where the exchange is counted
 * @param log where the exchange is logged
 * @param edge the stages before the first frame: PROXY header, admission, TLS
 * @param connections the connections open now, which each one leaves as it ends
 * @param clock the monotonic time deadlines are kept in
 * @param readTimeoutNanos the deadline of an exchange ({@code read-timeout})
 * @param lingerNanos how long a closing connection waits for the peer to close
 * @param closeAfterReply whether each reply is the connection's last
 * ({@code close-after-reply})
 */
public record ConnectionKit(FixedLengthCodec codec, ExchangeMetrics metrics, ExchangeLog log, Edge edge,
		OpenConnections connections, Clock clock, long readTimeoutNanos, long lingerNanos, boolean closeAfterReply) {

	/** Octets a closing connection reads and drops after its last reply, at most. */
	static final int LINGER_OCTETS = 64 * 1024;

	/** How long a closing connection waits for the peer to close, at most. */
	static final Duration LINGER = Duration.ofSeconds(2);

	/**
	 * Builds the kit from the server's settings.
	 * @param properties the settings under {@code sixteen.server}
	 * @param maxConnections the effective {@code max-connections}
	 * @param metrics where connections count what happens to them
	 * @param tls TLS for each accepted connection, or null for plain TCP
	 * @param clock the monotonic time deadlines are kept in
	 * @return the kit
	 */
	public static ConnectionKit of(SixteenServerProperties properties, int maxConnections, ExchangeMetrics metrics,
			@Nullable ServerTls tls, Clock clock) {
		long readTimeout = saturatedNanos(properties.readTimeout());
		return new ConnectionKit(new FixedLengthCodec(properties.requestOctets(), properties.replyOctets()), metrics,
				new ExchangeLog(),
				Edge.of(properties,
						new Admission(maxConnections, properties.allowedClients(),
								properties.maxConnectionsPerClient()),
						tls),
				new OpenConnections(metrics), clock, readTimeout, Math.min(readTimeout, LINGER.toNanos()),
				properties.closeAfterReply());
	}

	/**
	 * Loads now the classes a connection needs, so that none is loaded for the first time
	 * while the process is out of file descriptors: where classes are files, as in an
	 * extracted layout, loading one opens one, and a connection that cannot load how it
	 * ends would leak its socket.
	 */
	public static void preload() {
		List<Class<?>> classes = new ArrayList<>(List.of(ExchangeConnection.class.getDeclaredClasses()));
		classes.addAll(List.of(Outcome.class.getDeclaredClasses()));
		classes.addAll(List.of(Outcome.class, CountingInput.class, ReplyFailure.class, Exchange.class));
		classes.addAll(Edge.classes());
		classes.addAll(List.of(ShortFrameException.class, FailureReason.class, ConnectionEnd.class, Display.class));
		for (Class<?> type : classes) {
			try {
				Class.forName(type.getName(), true, type.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * The same kit with another edge.
	 * @param other the edge
	 * @return the kit
	 */
	public ConnectionKit with(Edge other) {
		return new ConnectionKit(this.codec, this.metrics, this.log, other, this.connections, this.clock,
				this.readTimeoutNanos, this.lingerNanos, this.closeAfterReply);
	}

	/** Now, in the time deadlines are kept in. */
	public long now() {
		return this.clock.monotonicTime();
	}

	/**
	 * A duration in nanoseconds; one too long for that (about 292 years) is a century.
	 */
	private static long saturatedNanos(Duration duration) {
		return duration.compareTo(Duration.ofDays(36500)) > 0 ? Duration.ofDays(36500).toNanos() : duration.toNanos();
	}

}
