package dev.sixteen.server.edge;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.sixteen.metrics.ExchangeMetrics;
import dev.sixteen.settings.SixteenServerProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * TLS on the exchange's port, from a Spring Boot SSL bundle: each accepted socket is
 * wrapped in TLS on its connection's thread, with the bundle as it is at that moment.
 * When the bundle's files change on disk ({@code reload-on-update}), Spring Boot reloads
 * it and new connections use the new key and certificates; connections in flight keep
 * theirs.
 */
public final class ServerTls {

	private static final Logger log = LoggerFactory.getLogger("sixteen.listener");

	private final String bundleName;

	private final SixteenServerProperties.ClientAuth clientAuth;

	private volatile Context current;

	public ServerTls(SslBundles bundles, String bundleName, SixteenServerProperties.ClientAuth clientAuth,
			ExchangeMetrics metrics) {
		this.bundleName = bundleName;
		this.clientAuth = clientAuth;
		this.current = new Context(bundles.getBundle(bundleName));
		bundles.addBundleUpdateHandler(bundleName, (bundle) -> {
			this.current = new Context(bundle);
			metrics.tlsReloaded();
			log.info("Reloaded SSL bundle '{}': new connections use its new key and certificates", this.bundleName);
		});
	}

	/**
	 * Layers TLS over an accepted socket, as the server's side of the handshake, which
	 * happens on the first read. Closing the TLS socket closes the accepted one.
	 * @param accepted the accepted socket
	 * @param read what was already read from it (after a PROXY header), TLS's first
	 * octets; null if nothing was
	 * @return the TLS socket
	 * @throws IOException if the socket cannot be layered
	 */
	SSLSocket wrap(Socket accepted, @Nullable InputStream read) throws IOException {
		Context context = this.current;
		SSLSocket tls = (SSLSocket) context.ssl().getSocketFactory().createSocket(accepted, read, true);
		tls.setUseClientMode(false);
		switch (this.clientAuth) {
			case NEED -> tls.setNeedClientAuth(true);
			case WANT -> tls.setWantClientAuth(true);
			default -> tls.setNeedClientAuth(false);
		}
		if (context.options().getEnabledProtocols() != null) {
			tls.setEnabledProtocols(context.options().getEnabledProtocols());
		}
		if (context.options().getCiphers() != null) {
			tls.setEnabledCipherSuites(context.options().getCiphers());
		}
		return tls;
	}

	/** One version of the bundle: its SSL context, built once, and its options. */
	private record Context(SSLContext ssl, SslOptions options) {

		Context(SslBundle bundle) {
			this(bundle.createSslContext(), bundle.getOptions());
		}

	}

}
