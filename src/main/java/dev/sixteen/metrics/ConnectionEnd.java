package dev.sixteen.metrics;

/**
 * How a connection ended, as the {@code cause} tag of {@code sixteen.connections.ended}:
 * every accepted connection ends once, by one of these, so that at any moment the
 * connections accepted are those ended plus those open.
 */
public enum ConnectionEnd {

	/** Closed after its last reply (a lingering close included). */
	REPLIED("replied"),

	/** Kept alive, the peer closed between frames. */
	PEER_LEFT("peer_left"),

	/** Kept alive, no frame began before the deadline ({@code read-timeout}). */
	IDLE("idle"),

	/** Kept alive, closed between frames because the server stopped. */
	DRAINED("drained"),

	/**
	 * Refused: {@code max-connections}, {@code max-connections-per-client},
	 * {@code allowed-clients}.
	 */
	REFUSED("refused"),

	/**
	 * An exchange begun or awaited got no reply: counted in
	 * {@code sixteen.exchanges.failed}.
	 */
	FAILED("failed");

	private final String tag;

	ConnectionEnd(String tag) {
		this.tag = tag;
	}

	public String tag() {
		return this.tag;
	}

}
