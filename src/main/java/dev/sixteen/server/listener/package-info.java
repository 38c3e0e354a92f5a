/**
 * The TCP listener: Spring Integration's server connection factory, changed only where
 * the ledger says, and its listening socket.
 */
@NullMarked
package dev.sixteen.server.listener;

import org.jspecify.annotations.NullMarked;
