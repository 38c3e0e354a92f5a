package dev.sixteen.server;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator's HTTP port, kept quiet for odd requests. Tomcat removes a path parameter
 * before it resolves dot segments, so it reads {@code /actuator/health/..;/x} as
 * {@code /actuator/x}, while Spring MVC matches the raw path and hands the health
 * endpoint the segments {@code ..} and {@code x}. Tomcat's check for the suspicious URIs
 * of the Servlet specification (dot segments with path parameters, encoded dots, encoded
 * {@code /} and control characters) answers such requests 400 before either reads them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(TomcatConnectorCustomizer.class)
class ActuatorConfiguration {

	@Bean
	TomcatConnectorCustomizer rejectSuspiciousUris() {
		return (connector) -> connector.setRejectSuspiciousURIs(true);
	}

}
