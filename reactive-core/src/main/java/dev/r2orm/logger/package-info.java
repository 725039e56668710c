/**
 * The SQL logger r2orm calls once per executed statement.
 */
@NullMarked
package dev.r2orm.logger;

import org.jspecify.annotations.NullMarked;
