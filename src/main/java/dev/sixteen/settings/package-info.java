/**
 * sixteen's settings: the one tree bound at {@code sixteen} (the server's and the
 * client's records), the constraints between its settings, and the failure analyzers that
 * say in one line which setting stopped start-up and what it allows.
 */
@NullMarked
package dev.sixteen.settings;

import org.jspecify.annotations.NullMarked;
