package dev.sixteen.deploy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.yaml.snakeyaml.Yaml;

import static dev.sixteen.deploy.Manifests.at;

/**
 * An image saved as an OCI layout ({@code podman save --format oci-dir}), read without a
 * container runtime: its configuration, and the file system its layers add up to,
 * whiteouts applied ({@code .wh.name} removes {@code name}, {@code .wh..wh..opq} what
 * lower layers put in the directory). Layers are tar archives, gzipped or not; the reader
 * knows ustar headers, PAX {@code path} records and GNU long names, which is what buildah
 * writes.
 */
final class OciImage {

	private static final int BLOCK = 512;

	private final Map<String, Object> config;

	private final Map<String, Entry> files;

	private OciImage(Map<String, Object> config, Map<String, Entry> files) {
		this.config = config;
		this.files = files;
	}

	/**
	 * Reads a saved image.
	 * @param layout the directory {@code podman save --format oci-dir -o} wrote
	 * @return the image
	 */
	static OciImage read(Path layout) throws IOException {
		Map<String, Object> index = json(layout.resolve("index.json"));
		Map<String, Object> manifest = json(blob(layout, (String) at(index, "manifests", 0, "digest")));
		Map<String, Object> config = json(blob(layout, (String) at(manifest, "config", "digest")));
		Map<String, Entry> files = new LinkedHashMap<>();
		for (Object layer : (List<?>) manifest.get("layers")) {
			apply(blob(layout, (String) at(layer, "digest")), files);
		}
		return new OciImage(config, files);
	}

	/**
	 * The image's configuration's {@code config}: Entrypoint, User, WorkingDir, Env...
	 */
	Map<String, Object> config() {
		return Manifests.map(this.config.get("config"));
	}

	/**
	 * A file of the image.
	 * @param path without the leading slash, such as {@code app/app.aot}
	 * @return its entry, or {@code null} where the image has none
	 */
	Entry file(String path) {
		return this.files.get(path);
	}

	/** The paths under a directory, at any depth. */
	List<String> under(String directory) {
		return this.files.keySet().stream().filter((path) -> path.startsWith(directory + "/")).toList();
	}

	private static Path blob(Path layout, String digest) {
		return layout.resolve("blobs").resolve(digest.replace(':', '/'));
	}

	private static Map<String, Object> json(Path file) throws IOException {
		// JSON is YAML
		return Manifests.map(new Yaml().load(Files.readString(file)));
	}

	private static void apply(Path layer, Map<String, Entry> files) throws IOException {
		List<Entry> added = new ArrayList<>();
		try (InputStream raw = Files.newInputStream(layer); InputStream in = gunzipped(raw)) {
			DataInputStream tar = new DataInputStream(in);
			String longName = null;
			byte[] header = new byte[BLOCK];
			while (true) {
				try {
					tar.readFully(header);
				}
				catch (EOFException ex) {
					break;
				}
				if (header[0] == 0) {
					break;
				}
				char type = (char) header[156];
				long size = octal(header, 124, 12);
				byte[] data = (type == 'L' || type == 'x') ? tar.readNBytes((int) size) : null;
				if (data == null) {
					tar.skipNBytes(size);
				}
				tar.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
				if (type == 'L') {
					longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
				}
				else if (type == 'x') {
					longName = paxPath(new String(data, StandardCharsets.UTF_8), longName);
				}
				else if (type != 'g') {
					String name = (longName != null) ? longName : ustarName(header);
					longName = null;
					added.add(new Entry(normalized(name), type, (int) octal(header, 100, 8) & 07777, size));
				}
			}
		}
		// whiteouts hide what lower layers have; this layer's own entries stay
		for (Entry entry : added) {
			String base = entry.path().substring(entry.path().lastIndexOf('/') + 1);
			String parent = entry.path().contains("/") ? entry.path().substring(0, entry.path().lastIndexOf('/')) : "";
			if (base.equals(".wh..wh..opq")) {
				files.keySet().removeIf((path) -> path.startsWith(parent.isEmpty() ? "" : parent + "/"));
			}
			else if (base.startsWith(".wh.")) {
				String hidden = (parent.isEmpty() ? "" : parent + "/") + base.substring(4);
				files.keySet().removeIf((path) -> path.equals(hidden) || path.startsWith(hidden + "/"));
			}
		}
		for (Entry entry : added) {
			if (!entry.path().substring(entry.path().lastIndexOf('/') + 1).startsWith(".wh.")) {
				files.put(entry.path(), entry);
			}
		}
	}

	private static InputStream gunzipped(InputStream raw) throws IOException {
		InputStream in = new java.io.BufferedInputStream(raw);
		in.mark(2);
		int first = in.read();
		int second = in.read();
		in.reset();
		return (first == 0x1f && second == 0x8b) ? new GZIPInputStream(in, 64 * 1024) : in;
	}

	private static String paxPath(String records, String fallback) {
		// records of "<length> <key>=<value>\n"
		for (String record : records.split("\n")) {
			int space = record.indexOf(' ');
			if (space > 0 && record.startsWith("path=", space + 1)) {
				return record.substring(space + 1 + "path=".length());
			}
		}
		return fallback;
	}

	private static String ustarName(byte[] header) {
		String name = field(header, 0, 100);
		String prefix = field(header, 345, 155);
		return prefix.isEmpty() ? name : prefix + "/" + name;
	}

	private static String normalized(String name) {
		String path = name.startsWith("./") ? name.substring(2) : name;
		path = path.startsWith("/") ? path.substring(1) : path;
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	private static String field(byte[] header, int offset, int length) {
		int end = offset;
		while (end < offset + length && header[end] != 0) {
			end++;
		}
		return new String(header, offset, end - offset, StandardCharsets.UTF_8);
	}

	private static long octal(byte[] header, int offset, int length) {
		String digits = field(header, offset, length).strip();
		return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
	}

	/**
	 * A file of the image.
	 *
	 * @param path its path, without the leading slash
	 * @param type the tar type: {@code 0} a regular file, {@code 5} a directory,
	 * {@code 2} a symbolic link
	 * @param mode its permission bits, with set-user-ID, set-group-ID and sticky
	 * @param size its size in octets
	 */
	record Entry(String path, char type, int mode, long size) {

		boolean isDirectory() {
			return this.type == '5';
		}

		boolean isRegularFile() {
			return this.type == '0' || this.type == '\0';
		}

	}

}
