/**
 * The TCP server's wiring: a Spring Integration inbound gateway on the listener, its
 * connection threads, the drain and the clock, and the actuator.
 */
@NullMarked
package dev.sixteen.server;

import org.jspecify.annotations.NullMarked;
