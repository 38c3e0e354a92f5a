package dev.sixteen.settings;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * On the PROXY protocol's settings: a mode other than {@code off} names the balancers
 * trusted to send a header, since a header from anyone else would let a client claim any
 * address (and pass {@code allowed-clients}).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NamesTrustedProxies.Validator.class)
public @interface NamesTrustedProxies {

	String message() default "must name the load balancers' networks, such as 10.0.0.0/8,"
			+ " when sixteen.server.proxy-protocol.mode is optional or required";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks {@link NamesTrustedProxies}, reporting against {@code trusted-proxies}. */
	class Validator implements ConstraintValidator<NamesTrustedProxies, SixteenServerProperties.ProxyProtocol> {

		@Override
		public boolean isValid(SixteenServerProperties.@Nullable ProxyProtocol settings,
				ConstraintValidatorContext context) {
			if (settings == null || settings.mode() == SixteenServerProperties.ProxyProtocol.Mode.OFF
					|| !settings.trustedProxies().isEmpty()) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
				.addPropertyNode("trustedProxies")
				.addConstraintViolation();
			return false;
		}

	}

}
