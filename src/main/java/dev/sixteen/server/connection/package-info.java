/**
 * A connection's life: its state machine from accept to close, what it needs for that
 * life, the set of connections open and how each ended.
 */
@NullMarked
package dev.sixteen.server.connection;

import org.jspecify.annotations.NullMarked;
