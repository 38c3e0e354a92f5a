package dev.sixteen.server.edge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import dev.sixteen.metrics.FailureReason;
import dev.sixteen.settings.SixteenServerProperties;
import org.jspecify.annotations.Nullable;

/**
 * The stages an accepted connection passes before its first frame, each one decision: the
 * PROXY header, where one is expected (who the client is); {@link Admission} of that
 * client (whether it may connect); TLS (what the exchange is read from and written to).
 */
public final class Edge {

	private final @Nullable ProxyProtocol proxy;

	private final Admission admission;

	private final @Nullable ServerTls tls;

	private Edge(@Nullable ProxyProtocol proxy, Admission admission, @Nullable ServerTls tls) {
		this.proxy = proxy;
		this.admission = admission;
		this.tls = tls;
	}

	/**
	 * Builds the edge from the server's settings.
	 * @param properties the settings under {@code sixteen.server}
	 * @param admission who may connect
	 * @param tls TLS for each accepted connection, or null for plain TCP
	 * @return the edge
	 */
	public static Edge of(SixteenServerProperties properties, Admission admission, @Nullable ServerTls tls) {
		SixteenServerProperties.ProxyProtocol proxy = properties.proxyProtocol();
		return new Edge(
				(proxy.mode() == SixteenServerProperties.ProxyProtocol.Mode.OFF) ? null : new ProxyProtocol(
						proxy.mode() == SixteenServerProperties.ProxyProtocol.Mode.REQUIRED, proxy.trustedProxies()),
				admission, tls);
	}

	public Admission admission() {
		return this.admission;
	}

	/** Tells whether the exchange runs over TLS. */
	public boolean tls() {
		return this.tls != null;
	}

	/**
	 * Takes an accepted socket through the stages: reads its PROXY header, if one is
	 * expected; admits its client, counted until {@link Admission#release}; layers TLS.
	 * @param socket the accepted socket
	 * @return who the client is, and either why it is refused or where the exchange is
	 * read and written
	 * @throws IOException if the header is not acceptable ({@link #failureReason}) or the
	 * socket fails
	 */
	public Arrival arrive(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
		InetSocketAddress destination = null;
		InputStream ahead = null;
		if (this.proxy != null) {
			ProxyProtocol.Header header = this.proxy.read(client, in);
			client = header.client();
			destination = header.destination();
			ahead = new ByteArrayInputStream(header.rest());
		}
		Admission.Refusal refusal = this.admission.client(client.getAddress());
		if (refusal != null) {
			return new Arrival(client, destination, ahead != null, refusal, InputStream.nullInputStream(),
					OutputStream.nullOutputStream());
		}
		Socket tls = (this.tls != null) ? this.tls.wrap(socket, ahead) : null;
		return new Arrival(client, destination, ahead != null, null,
				(tls != null) ? tls.getInputStream() : (ahead != null) ? new SequenceInputStream(ahead, in) : in,
				(tls != null) ? tls.getOutputStream() : socket.getOutputStream());
	}

	/**
	 * Why an exchange failed, a PROXY header not accepted included.
	 * @param error the failure, possibly wrapped
	 * @return the reason counted
	 */
	public static FailureReason failureReason(@Nullable Throwable error) {
		return (error instanceof ProxyProtocol.BadHeader) ? FailureReason.PROXY_HEADER : FailureReason.of(error);
	}

	/** The edge's classes a connection may need for the first time while it ends. */
	public static List<Class<?>> classes() {
		List<Class<?>> classes = new ArrayList<>(List.of(ProxyProtocol.class.getDeclaredClasses()));
		classes.addAll(List.of(Admission.Refusal.class, Arrival.class));
		return classes;
	}

	/**
	 * A connection past the edge.
	 *
	 * @param client the client: the peer, or the one its PROXY header names
	 * @param destination the address the client connected to, where a PROXY header names
	 * it
	 * @param proxied whether a PROXY header was read
	 * @param refusal why the client is refused; null if it is admitted
	 * @param input where the exchange is read from
	 * @param output where the exchange is written to
	 */
	public record Arrival(InetSocketAddress client, @Nullable InetSocketAddress destination, boolean proxied,
			Admission.@Nullable Refusal refusal, InputStream input, OutputStream output) {
	}

}
