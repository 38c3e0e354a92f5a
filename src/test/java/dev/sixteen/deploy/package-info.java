/**
 * Tests of the deployment: the Helm chart rendered by real Helm, the rendered
 * application.yml and helm test hook run against a real server, and the metrics scraped
 * by a real Prometheus.
 */
@NullMarked
package dev.sixteen.deploy;

import org.jspecify.annotations.NullMarked;
