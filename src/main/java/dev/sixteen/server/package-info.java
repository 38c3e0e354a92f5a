/**
 * The TCP server: a Spring Integration inbound gateway answering sixteen-octet frames.
 */
@NullMarked
package dev.sixteen.server;

import org.jspecify.annotations.NullMarked;
