package dev.sixteen.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.Yaml;

/**
 * The documents of a rendered chart, parsed, with a way to walk into them:
 * {@code at(deployment, "spec", "template", "spec", "containers", 0)}.
 *
 * @param documents the non-empty documents, in Helm's order
 */
record Manifests(List<Map<String, Object>> documents) {

	@SuppressWarnings("unchecked")
	static Manifests parse(String yaml) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(yaml)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return new Manifests(documents);
	}

	List<String> kinds() {
		return this.documents.stream().map((document) -> (String) document.get("kind")).toList();
	}

	List<Map<String, Object>> all(String kind) {
		return this.documents.stream().filter((document) -> kind.equals(document.get("kind"))).toList();
	}

	boolean has(String kind) {
		return !all(kind).isEmpty();
	}

	/**
	 * The one document of a kind.
	 * @param kind its kind
	 * @return the document
	 */
	Map<String, Object> one(String kind) {
		List<Map<String, Object>> found = all(kind);
		if (found.size() != 1) {
			throw new AssertionError("expected one " + kind + ", found " + found.size() + " in " + kinds());
		}
		return found.get(0);
	}

	/**
	 * The document of a kind with a name.
	 * @param kind its kind
	 * @param name its metadata.name
	 * @return the document
	 */
	Map<String, Object> one(String kind, String name) {
		return all(kind).stream()
			.filter((document) -> name.equals(at(document, "metadata", "name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
	}

	/** The Deployment's pod spec. */
	Map<String, Object> podSpec() {
		return map(at(one("Deployment"), "spec", "template", "spec"));
	}

	/** The server container of the Deployment. */
	Map<String, Object> serverContainer() {
		return named(at(podSpec(), "containers"), "sixteen");
	}

	/** The application.yml of the chart's ConfigMap, parsed. */
	Map<String, Object> applicationYaml() {
		String text = (String) at(one("ConfigMap", Chart.RELEASE), "data", "application.yml");
		return new Yaml().load(text);
	}

	/**
	 * Walks into a document.
	 * @param node where to start
	 * @param path map keys and list indexes
	 * @return what is there, or null when the path leads nowhere
	 */
	static @Nullable Object at(@Nullable Object node, Object... path) {
		Object current = node;
		for (Object step : path) {
			if (current instanceof Map<?, ?> map && step instanceof String key) {
				current = map.get(key);
			}
			else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
				current = list.get(index);
			}
			else {
				return null;
			}
		}
		return current;
	}

	/**
	 * The element of a list of maps whose name is the one given, as for ports or
	 * containers.
	 * @param list the list
	 * @param name the name
	 * @return the element
	 */
	static Map<String, Object> named(@Nullable Object list, String name) {
		if (list instanceof List<?> elements) {
			for (Object element : elements) {
				if (element instanceof Map<?, ?> map && name.equals(map.get("name"))) {
					return map(map);
				}
			}
		}
		throw new AssertionError("nothing named " + name + " in " + list);
	}

	/**
	 * Whether a label selector picks an object with these labels.
	 * @param matchLabels the selector's labels
	 * @param labels the object's labels
	 * @return true if every selector label is among the labels
	 */
	static boolean selects(Map<String, Object> matchLabels, Map<String, Object> labels) {
		return labels.entrySet().containsAll(matchLabels.entrySet());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(@Nullable Object node) {
		if (node instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new AssertionError("not a map: " + node);
	}

}
