package dev.sixteen.server;

import java.net.ServerSocket;

import javax.net.ssl.SSLServerSocket;

import org.springframework.boot.ssl.SslOptions;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;

/**
 * Applies the TLS choices a Spring Integration socket factory cannot express: whether
 * peers must present a certificate, and the bundle's protocols and ciphers.
 */
final class TlsServerSocketSupport extends DefaultTcpSocketSupport {

	private final SixteenServerProperties.ClientAuth clientAuth;

	private final SslOptions options;

	TlsServerSocketSupport(SixteenServerProperties.ClientAuth clientAuth, SslOptions options) {
		super(false);
		this.clientAuth = clientAuth;
		this.options = options;
	}

	@Override
	public void postProcessServerSocket(ServerSocket serverSocket) {
		SSLServerSocket tls = (SSLServerSocket) serverSocket;
		switch (this.clientAuth) {
			case NEED -> tls.setNeedClientAuth(true);
			case WANT -> tls.setWantClientAuth(true);
			default -> tls.setNeedClientAuth(false);
		}
		if (this.options.getEnabledProtocols() != null) {
			tls.setEnabledProtocols(this.options.getEnabledProtocols());
		}
		if (this.options.getCiphers() != null) {
			tls.setEnabledCipherSuites(this.options.getCiphers());
		}
	}

}
