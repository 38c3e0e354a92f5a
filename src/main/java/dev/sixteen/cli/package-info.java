/**
 * The command line: server, client and bench modes.
 */
@NullMarked
package dev.sixteen.cli;

import org.jspecify.annotations.NullMarked;
