package dev.sixteen.server.edge;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sixteen.metrics.FailureReason;
import dev.sixteen.settings.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * Every refusal, decided here: {@code max-connections} when a connection is accepted,
 * then, once the client is known (after its PROXY header, if one is expected),
 * {@code allowed-clients} and {@code max-connections-per-client}. A refused connection
 * ends without a reply, counted by the reason given here.
 */
public final class Admission {

	private final int maxConnections;

	private final List<Cidr> allowedClients;

	private final int maxPerClient;

	private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

	/**
	 * Creates the admission policy.
	 * @param maxConnections the effective {@code max-connections}
	 * @param allowedClients {@code allowed-clients}: empty for any
	 * @param maxPerClient {@code max-connections-per-client}: 0 for no such limit
	 */
	public Admission(int maxConnections, List<Cidr> allowedClients, int maxPerClient) {
		this.maxConnections = maxConnections;
		this.allowedClients = allowedClients;
		this.maxPerClient = maxPerClient;
	}

	/**
	 * Admits a connection just accepted, or says why not. Called on the accept thread.
	 * @param open the connections open now, this one not included
	 * @return null if admitted, else why it is refused
	 */
	public @Nullable Refusal accepted(int open) {
		return (open < this.maxConnections) ? null : new Refusal(FailureReason.OVER_LIMIT,
				this.maxConnections + " connections open (sixteen.server.max-connections)");
	}

	/**
	 * Admits a client by its address, or says why not. An admitted client is counted
	 * until {@link #release(InetAddress)}. Called on the connection's thread.
	 * @param client the client's address
	 * @return null if admitted, else why it is refused
	 */
	public @Nullable Refusal client(InetAddress client) {
		if (!this.allowedClients.isEmpty()
				&& this.allowedClients.stream().noneMatch((network) -> network.contains(client))) {
			return new Refusal(FailureReason.NOT_ALLOWED, "not in sixteen.server.allowed-clients");
		}
		if (this.maxPerClient > 0 && this.perClient.computeIfAbsent(client, (key) -> new AtomicInteger())
			.getAndIncrement() >= this.maxPerClient) {
			release(client);
			return new Refusal(FailureReason.OVER_CLIENT_LIMIT, this.maxPerClient
					+ " connections open from this address (sixteen.server.max-connections-per-client)");
		}
		return null;
	}

	/**
	 * Forgets a client admitted by {@link #client(InetAddress)}, as its connection ends.
	 * @param client the client's address
	 */
	public void release(InetAddress client) {
		if (this.maxPerClient > 0) {
			this.perClient.computeIfPresent(client, (key, count) -> (count.decrementAndGet() <= 0) ? null : count);
		}
	}

	public int maxConnections() {
		return this.maxConnections;
	}

	/**
	 * Why a connection is refused.
	 *
	 * @param reason the reason counted
	 * @param detail what the log says
	 */
	public record Refusal(FailureReason reason, String detail) {
	}

}
