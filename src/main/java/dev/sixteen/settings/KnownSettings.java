package dev.sixteen.settings;

import java.lang.reflect.RecordComponent;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.core.ResolvableType;

/**
 * The keys a settings record binds, read from its components (records within it are
 * groups of keys), for telling what an unknown key was probably meant to be.
 */
final class KnownSettings {

	private final String prefix;

	/** Each key a record binds, in the records' order, with its setting's type. */
	private final Map<String, ResolvableType> keys = new LinkedHashMap<>();

	private KnownSettings(String prefix, Class<?> type) {
		this.prefix = prefix;
		collect(prefix, type);
	}

	/**
	 * The keys of a settings type bound at a prefix.
	 * @param prefix where the type is bound, such as {@code sixteen}
	 * @param type the record bound there
	 * @return its keys
	 */
	static KnownSettings of(String prefix, Class<?> type) {
		return new KnownSettings(prefix, type);
	}

	private void collect(String path, Class<?> type) {
		for (RecordComponent component : type.getRecordComponents()) {
			String key = path + "." + DataObjectPropertyName.toDashedForm(component.getName());
			if (component.getType().isRecord()) {
				collect(key, component.getType());
			}
			else {
				this.keys.put(key, ResolvableType.forType(component.getGenericType()));
			}
		}
	}

	/**
	 * The type of a known key's setting.
	 * @param key a key, such as {@code sixteen.server.port}
	 * @return its type, or null if no setting has that key
	 */
	@Nullable ResolvableType typeOf(String key) {
		return this.keys.get(key);
	}

	/**
	 * Says what an unknown key may have been meant as: the nearest known key, if one is
	 * close enough to be a typo of it, or else what the nearest group holds.
	 * @param unknown the key no setting binds
	 * @return for example {@code did you mean sixteen.server.port?}
	 */
	String hint(String unknown) {
		String nearest = this.keys.keySet()
			.stream()
			.min(Comparator.comparingInt((key) -> distance(key, unknown)))
			.orElse("");
		int typos = Math.max(2, (unknown.length() - this.prefix.length()) / 3);
		if (!nearest.isEmpty() && distance(nearest, unknown) <= typos) {
			return "did you mean " + nearest + "?";
		}
		String group = group(unknown);
		return "known under " + group + ": " + String.join(", ", children(group));
	}

	/** The deepest group of known keys that the key lies in, the prefix at least. */
	private String group(String unknown) {
		String group = this.prefix;
		for (String key : this.keys.keySet()) {
			for (int dot = key.indexOf('.', group.length() + 1); dot > 0; dot = key.indexOf('.', dot + 1)) {
				String candidate = key.substring(0, dot);
				if (unknown.startsWith(candidate + ".") && candidate.length() > group.length()) {
					group = candidate;
				}
			}
		}
		return group;
	}

	/** What a group holds: its keys, and its groups as {@code name.*}. */
	private Set<String> children(String group) {
		Set<String> children = new LinkedHashSet<>();
		for (String key : this.keys.keySet()) {
			if (key.startsWith(group + ".")) {
				String rest = key.substring(group.length() + 1);
				int dot = rest.indexOf('.');
				children.add((dot < 0) ? rest : rest.substring(0, dot) + ".*");
			}
		}
		return children;
	}

	/** Levenshtein's edit distance: insertions, deletions and substitutions. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
