package dev.sixteen.settings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * Checks {@link FitsFrame}: counts the text's octets in UTF-8 against the record's
 * {@code frameLength}.
 */
public final class FitsFrameValidator implements ConstraintValidator<FitsFrame, Record> {

	private String text = "";

	private String length = "";

	@Override
	public void initialize(FitsFrame constraint) {
		this.text = constraint.text();
		this.length = constraint.length();
	}

	@Override
	public boolean isValid(@Nullable Record settings, ConstraintValidatorContext context) {
		if (settings == null || !(component(settings, this.text) instanceof String text)) {
			// nothing to count: @NotNull on the text says so, if it must be set
			return true;
		}
		Object given = component(settings, this.length);
		int frameLength = (given instanceof Integer set) ? set
				: (int) Objects.requireNonNull(component(settings, "frameLength"));
		String lengthKey = DataObjectPropertyName.toDashedForm((given != null) ? this.length : "frameLength");
		int octets = text.getBytes(StandardCharsets.UTF_8).length;
		if (octets == frameLength) {
			return true;
		}
		context.unwrap(HibernateConstraintValidatorContext.class)
			.addMessageParameter("frameLength", frameLength)
			.addMessageParameter("lengthKey", lengthKey)
			.addMessageParameter("octets", octets);
		context.disableDefaultConstraintViolation();
		context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
			.addPropertyNode(this.text)
			.addConstraintViolation();
		return false;
	}

	private static @Nullable Object component(Record settings, String name) {
		for (RecordComponent component : settings.getClass().getRecordComponents()) {
			if (component.getName().equals(name)) {
				try {
					return component.getAccessor().invoke(settings);
				}
				catch (IllegalAccessException | InvocationTargetException ex) {
					throw new IllegalStateException("cannot read " + name, ex);
				}
			}
		}
		throw new IllegalArgumentException(settings.getClass().getSimpleName() + " has no " + name);
	}

}
