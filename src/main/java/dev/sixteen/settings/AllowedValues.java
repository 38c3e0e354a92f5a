package dev.sixteen.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.core.ResolvableType;

/**
 * What a setting of each type allows, in the words of a message to the user: never a Java
 * type's name.
 */
final class AllowedValues {

	private AllowedValues() {
	}

	/**
	 * Says what a setting of a type allows.
	 * @param type the setting's type
	 * @return for example {@code a whole number} or {@code one of none, want, need}
	 */
	static String of(ResolvableType type) {
		Class<?> kind = type.toClass();
		if (Collection.class.isAssignableFrom(kind)) {
			return "a comma-separated list, each " + of(type.asCollection().getGeneric(0));
		}
		if (kind == int.class || kind == Integer.class || kind == long.class || kind == Long.class) {
			return "a whole number";
		}
		if (kind == boolean.class || kind == Boolean.class) {
			return "true or false";
		}
		if (kind == Duration.class) {
			return "a duration such as 10s or 500ms";
		}
		if (kind.isEnum()) {
			return "one of " + Arrays.stream(kind.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.collect(Collectors.joining(", "));
		}
		if (kind == Cidr.class) {
			return Cidr.FORM;
		}
		if (kind.isRecord()) {
			return "a group of settings, set by the keys under it, not a value";
		}
		return "a value of the kind README.md's configuration table describes";
	}

}
