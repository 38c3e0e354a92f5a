package dev.sixteen.handler;

import java.io.Serializable;

/**
 * The facts of one exchange, as sixteen's log line shows them.
 *
 * @param client the client's endpoint, {@code 127.0.0.1:40412} or {@code [::1]:40412}:
 * the peer, or the client a trusted proxy's PROXY header names
 * @param local the server's endpoint the client reached, {@code 127.0.0.1:1060}
 * @param connectionId the connection's id, unique in this process, as Spring
 * Integration's {@code ip_connectionId} header gives it
 * @param number the exchange's number on its connection: 1 for the first request
 */
public record Exchange(String client, String local, String connectionId, long number) implements Serializable {

	/** The request message's header that holds its {@code Exchange}. */
	public static final String HEADER = "sixteen_exchange";

}
