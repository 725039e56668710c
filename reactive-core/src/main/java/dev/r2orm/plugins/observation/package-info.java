/**
 * Micrometer observations of r2orm's operations, named by the OpenTelemetry database client conventions, and the
 * connection pool's gauges. Needs {@code io.micrometer:micrometer-core} (or {@code micrometer-observation} alone for
 * {@link dev.r2orm.plugins.observation.ObservationPlugin} without the duration histogram) on the class path.
 */
@NullMarked
package dev.r2orm.plugins.observation;

import org.jspecify.annotations.NullMarked;
