/**
 * The sixteen-octet TCP exchange on Spring Boot and Spring Integration.
 */
@NullMarked
package dev.sixteen;

import org.jspecify.annotations.NullMarked;
