/**
 * Micrometer meters for the exchange, all named under {@code sixteen.}.
 */
@NullMarked
package dev.sixteen.metrics;

import org.jspecify.annotations.NullMarked;
