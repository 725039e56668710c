/**
 * Spring Boot auto-configuration: a {@link dev.r2orm.Db} bean on the application's connection factory, the
 * {@code r2orm.*} properties, versioned migrations at start-up, a health indicator and pool metrics.
 */
@NullMarked
package dev.r2orm.spring.boot;

import org.jspecify.annotations.NullMarked;
