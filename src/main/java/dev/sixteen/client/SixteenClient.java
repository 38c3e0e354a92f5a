package dev.sixteen.client;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import dev.sixteen.codec.ShortFrameException;
import dev.sixteen.display.Display;
import dev.sixteen.settings.SixteenClientProperties;
import dev.sixteen.settings.SixteenProperties;

import org.springframework.aot.AotDetector;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.SpringProperties;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.messaging.Message;

/**
 * Client mode: connects, sends the message, prints the socket name it was given and the
 * reply, and tells by its exit code whether the exchange succeeded.
 */
public final class SixteenClient {

	private SixteenClient() {
	}

	/**
	 * Makes one exchange.
	 * @param springArgs Spring arguments, such as {@code --sixteen.client.host=...}
	 * @param out where the result goes
	 * @param err where a failure goes, in one line
	 * @return 0 on a reply, 1 if the exchange or start-up failed
	 */
	public static int run(List<String> springArgs, PrintWriter out, PrintWriter err) {
		// The image runs the server's context from code generated at build time
		// (-Dspring.aot.enabled=true); none is generated for the client's, which starts
		// the usual way.
		SpringProperties.setFlag(AotDetector.AOT_ENABLED, false);
		ConfigurableApplicationContext context;
		try {
			context = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties("spring.main.register-shutdown-hook=false")
				.profiles("client")
				.run(springArgs.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			// a failure analyzer has said why, in one line
			return 1;
		}
		try (context) {
			SixteenClientProperties properties = context.getBean(SixteenProperties.class).client();
			try {
				Message<byte[]> reply = context.getBean(SixteenGateway.class).exchange(properties.messageBytes());
				out.println("Socket name: " + reply.getHeaders().get(SixteenGateway.LOCAL_ADDRESS));
				out.println("The server said " + Display.octets(reply.getPayload()));
				out.flush();
				return 0;
			}
			catch (RuntimeException ex) {
				err.println("sixteen: " + explain(ex, properties));
				err.flush();
				return 1;
			}
		}
	}

	static String explain(RuntimeException failure, SixteenClientProperties properties) {
		String server = properties.host() + ":" + properties.port();
		String noReply = "no reply from " + server + " within " + properties.readTimeout().toMillis()
				+ " ms (sixteen.client.read-timeout)";
		if (failure instanceof MessageTimeoutException) {
			return noReply;
		}
		Throwable deepest = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ShortFrameException) {
				return String.valueOf(cause.getMessage());
			}
			if (cause instanceof SSLException) {
				return "TLS with " + server + " failed: " + cause.getMessage();
			}
			if (cause instanceof ConnectException) {
				return "cannot connect to " + server + ": connection refused";
			}
			if (cause instanceof UnknownHostException) {
				return "cannot connect to " + server + ": unknown host";
			}
			if (cause instanceof SocketTimeoutException) {
				// the JDK says "Connect timed out" or "Read timed out"
				boolean connecting = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
				return connecting ? "cannot connect to " + server + ": timed out (sixteen.client.connect-timeout)"
						: noReply;
			}
			deepest = cause;
		}
		return "exchange with " + server + " failed: " + deepest.getMessage();
	}

}
