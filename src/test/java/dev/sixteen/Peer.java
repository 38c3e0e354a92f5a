package dev.sixteen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw TCP peer on loopback for tests: sends what it is told and reads what comes back,
 * every read bounded by a ten-second timeout so that no test can hang.
 */
public final class Peer implements AutoCloseable {

	/** The classic request. */
	public static final byte[] HI = "Hi there, server".getBytes(StandardCharsets.US_ASCII);

	/** The classic reply. */
	public static final byte[] FAREWELL = "Farewell, client".getBytes(StandardCharsets.US_ASCII);

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private Peer(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.socket.setTcpNoDelay(true);
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	public static Peer connect(int port) {
		return connect(InetAddress.getLoopbackAddress(), port);
	}

	public static Peer connect(InetAddress address, int port) {
		try {
			return new Peer(new Socket(address, port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Makes one classic exchange on a new connection.
	 * @param port the server's port on loopback
	 * @return what the server sent before it closed, at most 16 octets
	 */
	public static byte[] exchange(int port) {
		try (Peer peer = connect(port)) {
			return peer.send(HI).read(16);
		}
	}

	public Peer send(byte[] octets) {
		try {
			this.out.write(octets);
			this.out.flush();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads until {@code count} octets came or the server closed.
	 * @param count octets wanted
	 * @return what came, possibly fewer than asked for
	 */
	public byte[] read(int count) {
		ByteArrayOutputStream got = new ByteArrayOutputStream();
		byte[] buffer = new byte[count];
		try {
			while (got.size() < count) {
				int n = this.in.read(buffer, 0, count - got.size());
				if (n < 0) {
					break;
				}
				got.write(buffer, 0, n);
			}
			return got.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads the next octet, to learn whether the server closed.
	 * @return -1 if the server closed its side cleanly
	 * @throws IOException if the connection was reset
	 */
	public int readNext() throws IOException {
		return this.in.read();
	}

	public Peer shutdownOutput() {
		try {
			this.socket.shutdownOutput();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int localPort() {
		return this.socket.getLocalPort();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
