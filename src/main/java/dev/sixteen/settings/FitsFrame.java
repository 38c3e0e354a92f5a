package dev.sixteen.settings;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * On a settings record with a {@code frameLength}: its text setting (the client's
 * message) is exactly as many octets in UTF-8 as the setting {@link #length()} names, or
 * {@code frameLength} where that one is unset. The violation is reported against the text
 * setting.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = FitsFrameValidator.class)
public @interface FitsFrame {

	/**
	 * The record component that holds the text, such as {@code "reply"}.
	 * @return its name
	 */
	String text();

	/**
	 * The record component, an {@code Integer}, that gives the text's length where it is
	 * set, such as {@code "requestLength"}.
	 * @return its name
	 */
	String length();

	String message() default "must be exactly {frameLength} octets in UTF-8 (as many as {lengthKey}), got {octets}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
