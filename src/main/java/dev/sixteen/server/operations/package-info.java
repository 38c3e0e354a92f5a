/**
 * Running the server: the deadline clock, the drain when it stops, the listener's health
 * and meters, and the connection limit.
 */
@NullMarked
package dev.sixteen.server.operations;

import org.jspecify.annotations.NullMarked;
