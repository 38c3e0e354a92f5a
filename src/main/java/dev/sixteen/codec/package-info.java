/**
 * The fixed-length wire format shared by the server and the client.
 */
@NullMarked
package dev.sixteen.codec;

import org.jspecify.annotations.NullMarked;
