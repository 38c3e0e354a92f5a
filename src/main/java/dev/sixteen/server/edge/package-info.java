/**
 * The way in, stage by stage: the PROXY protocol header, admission (max-connections,
 * allowed-clients, per-client limits) and TLS.
 */
@NullMarked
package dev.sixteen.server.edge;

import org.jspecify.annotations.NullMarked;
