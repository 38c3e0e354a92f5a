package dev.sixteen.client;

import org.springframework.messaging.Message;

/**
 * The client's entry to the outbound gateway: one request frame in, one reply out.
 */
public interface SixteenGateway {

	/** Reply header holding the socket name the client was given, {@code ip:port}. */
	String LOCAL_ADDRESS = "sixteen_localAddress";

	/**
	 * Sends a frame and waits for the reply frame.
	 * @param request exactly frame-length octets
	 * @return the reply, with {@link #LOCAL_ADDRESS} among its headers
	 */
	Message<byte[]> exchange(byte[] request);

}
