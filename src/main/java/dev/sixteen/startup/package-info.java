/**
 * Start-up failures a user can fix, and how they are told: one line that names the
 * setting or address.
 */
@NullMarked
package dev.sixteen.startup;

import org.jspecify.annotations.NullMarked;
