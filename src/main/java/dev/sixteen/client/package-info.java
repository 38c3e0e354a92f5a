/**
 * The TCP client: a Spring Integration outbound gateway making one exchange.
 */
@NullMarked
package dev.sixteen.client;

import org.jspecify.annotations.NullMarked;
