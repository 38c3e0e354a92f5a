package dev.sixteen.startup;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Finds the SSL bundle a setting names, or fails start-up saying which setting is wrong.
 */
public final class TlsBundles {

	private TlsBundles() {
	}

	/**
	 * Returns the bundle named by a setting.
	 * @param bundles Spring Boot's SSL bundles
	 * @param key the setting, for the message
	 * @param name its value
	 * @return the bundle
	 * @throws StartupException if there is no bundle of that name
	 */
	public static SslBundle get(SslBundles bundles, String key, String name) {
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new StartupException("invalid setting " + key + "=" + name + ": no SSL bundle of that name"
					+ " (define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name + ")",
					ex);
		}
	}

}
