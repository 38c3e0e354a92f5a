/**
 * Bench mode: a closed-loop load generator for any server of the exchange, in plain Java
 * (no Spring context) on one thread with a {@link java.nio.channels.Selector}.
 */
@NullMarked
package dev.sixteen.bench;

import org.jspecify.annotations.NullMarked;
