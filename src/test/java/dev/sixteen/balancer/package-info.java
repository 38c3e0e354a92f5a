/**
 * Tests of the server behind a real load balancer: HAProxy in TCP mode in front of server
 * processes, each restarted by SIGTERM under load.
 */
@NullMarked
package dev.sixteen.balancer;

import org.jspecify.annotations.NullMarked;
