/**
 * How sixteen shows octets and endpoints to people, shared by the server's log, the
 * client and the bench.
 */
@NullMarked
package dev.sixteen.display;

import org.jspecify.annotations.NullMarked;
