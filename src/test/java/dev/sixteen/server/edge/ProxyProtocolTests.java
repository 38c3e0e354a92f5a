package dev.sixteen.server.edge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.sixteen.Peer;
import dev.sixteen.settings.Cidr;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The PROXY protocol header, v1 and v2, read from octet streams as a balancer sends them
 * and as a hostile peer might: fragmented, malformed, oversized, truncated, untrusted.
 */
class ProxyProtocolTests {

	private static final InetSocketAddress BALANCER = address("10.0.0.9", 51000);

	private static final InetSocketAddress STRANGER = address("192.0.2.66", 40000);

	private static final ProxyProtocol OPTIONAL = new ProxyProtocol(false, List.of(Cidr.valueOf("10.0.0.0/8")));

	private static final ProxyProtocol REQUIRED = new ProxyProtocol(true, List.of(Cidr.valueOf("10.0.0.0/8")));

	@Test
	void readsAVersionOneHeaderAndKeepsWhatFollowsIt() throws IOException {
		InputStream in = stream(ascii("PROXY TCP4 203.0.113.7 10.0.0.5 40412 1060\r\n"), Peer.HI);
		ProxyProtocol.Header header = OPTIONAL.read(BALANCER, in);

		assertThat(header.client()).isEqualTo(address("203.0.113.7", 40412));
		assertThat(header.destination()).isEqualTo(address("10.0.0.5", 1060));
		assertThat(following(header, in)).isEqualTo(Peer.HI);
	}

	@Test
	void readsAVersionOneHeaderOfIpv6() throws IOException {
		ProxyProtocol.Header header = REQUIRED.read(BALANCER,
				stream(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 40412 1060\r\n")));

		assertThat(header.client()).isEqualTo(address("2001:db8::7", 40412));
	}

	@Test
	void readsAVersionOneHeaderSentAnOctetAtATime() throws IOException {
		InputStream trickle = new OneOctetAtATime(
				stream(ascii("PROXY TCP4 203.0.113.7 10.0.0.5 40412 1060\r\n"), Peer.HI));

		ProxyProtocol.Header header = REQUIRED.read(BALANCER, trickle);

		assertThat(header.client()).isEqualTo(address("203.0.113.7", 40412));
		assertThat(following(header, trickle)).isEqualTo(Peer.HI);
	}

	@Test
	void takesTheBalancerForTheClientWhenAVersionOneHeaderSaysUnknown() throws IOException {
		InputStream in = stream(ascii("PROXY UNKNOWN\r\n"), Peer.HI);
		ProxyProtocol.Header header = REQUIRED.read(BALANCER, in);

		assertThat(header.client()).isEqualTo(BALANCER);
		assertThat(following(header, in)).isEqualTo(Peer.HI);
	}

	@Test
	void readsAVersionTwoHeaderOfIpv4WithTlvsAndKeepsWhatFollowsIt() throws IOException {
		byte[] tlv = { 0x04, 0x00, 0x03, 'a', 'b', 'c' };
		InputStream in = stream(v2(0x21, 0x11, ipv4("203.0.113.7", "10.0.0.5", 40412, 1060), tlv), Peer.HI);
		ProxyProtocol.Header header = REQUIRED.read(BALANCER, in);

		assertThat(header.client()).isEqualTo(address("203.0.113.7", 40412));
		assertThat(header.destination()).isEqualTo(address("10.0.0.5", 1060));
		assertThat(following(header, in)).isEqualTo(Peer.HI);
	}

	@Test
	void readsAVersionTwoHeaderOfIpv6SentAnOctetAtATime() throws IOException {
		ByteBuffer addresses = ByteBuffer.allocate(36)
			.put(InetAddress.getByName("2001:db8::7").getAddress())
			.put(InetAddress.getByName("2001:db8::1").getAddress())
			.putShort((short) 40412)
			.putShort((short) 1060);
		ProxyProtocol.Header header = REQUIRED.read(BALANCER,
				new OneOctetAtATime(stream(v2(0x21, 0x21, addresses.array()))));

		assertThat(header.client()).isEqualTo(address("2001:db8::7", 40412));
	}

	@Test
	void takesTheBalancerForTheClientOnAVersionTwoLocalCommand() throws IOException {
		InputStream in = stream(v2(0x20, 0x00, new byte[0]), Peer.HI);
		ProxyProtocol.Header header = REQUIRED.read(BALANCER, in);

		assertThat(header.client()).isEqualTo(BALANCER);
		assertThat(following(header, in)).isEqualTo(Peer.HI);
	}

	@Test
	void leavesAConnectionWithoutAHeaderAsItIsWhenOptional() throws IOException {
		InputStream in = stream(Peer.HI);
		ProxyProtocol.Header header = OPTIONAL.read(BALANCER, in);

		assertThat(header.client()).isEqualTo(BALANCER);
		assertThat(header.destination()).isNull();
		assertThat(following(header, in)).isEqualTo(Peer.HI);
	}

	@Test
	void refusesAConnectionWithoutAHeaderWhenRequired() {
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
			.isThrownBy(() -> REQUIRED.read(BALANCER, stream(Peer.HI)))
			.withMessage("no PROXY header (sixteen.server.proxy-protocol.mode=required)");
	}

	@Test
	void refusesAHeaderFromAPeerNotTrustedToSendOne() {
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
			.isThrownBy(() -> OPTIONAL.read(STRANGER, stream(ascii("PROXY TCP4 10.1.1.1 10.0.0.5 1 1060\r\n"))))
			.withMessage("PROXY header from 192.0.2.66, which is not in sixteen.server.proxy-protocol.trusted-proxies");
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
			.isThrownBy(() -> REQUIRED.read(STRANGER, stream(Peer.HI)))
			.withMessageContaining("not in sixteen.server.proxy-protocol.trusted-proxies");
	}

	@Test
	void refusesMalformedHeaders() {
		for (String line : List.of("PROXY TCP4 203.0.113.7 10.0.0.5 40412\r\n", "PROXY TCP5 1.2.3.4 1.2.3.5 1 2\r\n",
				"PROXY TCP4 203.0.113.700 10.0.0.5 1 2\r\n", "PROXY TCP4 2001:db8::7 10.0.0.5 1 2\r\n",
				"PROXY TCP4 203.0.113.7 10.0.0.5 99999 2\r\n", "PROXY TCP4 example.com 10.0.0.5 1 2\r\n")) {
			assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
				.isThrownBy(() -> REQUIRED.read(BALANCER, stream(ascii(line))))
				.withMessageStartingWith("malformed PROXY header: ");
		}
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
			.isThrownBy(() -> REQUIRED.read(BALANCER, stream(v2(0x31, 0x11, new byte[12]))))
			.withMessage("malformed PROXY header: version and command 0x31 is not v2 LOCAL or PROXY");
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
			.isThrownBy(() -> REQUIRED.read(BALANCER, stream(v2(0x21, 0x11, new byte[8]))))
			.withMessageStartingWith("malformed PROXY header: 8 octets cannot hold two addresses");
	}

	@Test
	void refusesOversizedHeaders() {
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
			.isThrownBy(() -> REQUIRED.read(BALANCER, stream(ascii("PROXY TCP4 " + "1".repeat(200) + "\r\n"))))
			.withMessage("PROXY header longer than 107 octets");
		byte[] huge = v2(0x21, 0x11, new byte[2000]);
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class).isThrownBy(() -> REQUIRED.read(BALANCER, stream(huge)))
			.withMessage("PROXY header longer than 1024 octets (2016)");
	}

	@Test
	void refusesHeadersCutShort() {
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
			.isThrownBy(() -> REQUIRED.read(BALANCER, stream(ascii("PROXY TCP4 203.0.113.7"))))
			.withMessage("PROXY header cut short: the peer closed after 22 octets");
		byte[] header = v2(0x21, 0x11, ipv4("203.0.113.7", "10.0.0.5", 40412, 1060));
		assertThatExceptionOfType(ProxyProtocol.BadHeader.class)
			.isThrownBy(() -> REQUIRED.read(BALANCER, stream(java.util.Arrays.copyOf(header, 20))))
			.withMessage("PROXY header cut short: the peer closed after 20 octets");
	}

	/** What the exchange gets after the header: what was read past it, then the rest. */
	private static byte[] following(ProxyProtocol.Header header, InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		all.writeBytes(header.rest());
		all.writeBytes(in.readAllBytes());
		return all.toByteArray();
	}

	static byte[] v2(int versionCommand, int family, byte[]... parts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			body.writeBytes(part);
		}
		ByteBuffer header = ByteBuffer.allocate(16 + body.size())
			.put(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A })
			.put((byte) versionCommand)
			.put((byte) family)
			.putShort((short) body.size())
			.put(body.toByteArray());
		return header.array();
	}

	static byte[] ipv4(String source, String destination, int sourcePort, int destinationPort) {
		try {
			return ByteBuffer.allocate(12)
				.put(InetAddress.getByName(source).getAddress())
				.put(InetAddress.getByName(destination).getAddress())
				.putShort((short) sourcePort)
				.putShort((short) destinationPort)
				.array();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static InputStream stream(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return new ByteArrayInputStream(all.toByteArray());
	}

	private static InetSocketAddress address(String host, int port) {
		try {
			return new InetSocketAddress(InetAddress.getByName(host), port);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/** Hands out one octet per read, as the slowest network would. */
	private static final class OneOctetAtATime extends InputStream {

		private final InputStream in;

		OneOctetAtATime(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			return this.in.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return (length == 0) ? 0 : this.in.read(buffer, offset, 1);
		}

	}

}
