/**
 * JMH benchmarks of r2orm against the raw R2DBC driver, Spring Data R2DBC, jOOQ and Hibernate Reactive on PostgreSQL,
 * MariaDB and H2, and the runner that interleaves them and writes {@code BENCHMARKS.md}.
 */
@NullMarked
package dev.r2orm.benchmarks;

import org.jspecify.annotations.NullMarked;
