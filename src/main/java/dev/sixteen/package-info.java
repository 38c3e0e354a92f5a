/**
 * The sixteen-octet TCP exchange on Spring Boot and Spring Integration: the entry point
 * only.
 */
@NullMarked
package dev.sixteen;

import org.jspecify.annotations.NullMarked;
