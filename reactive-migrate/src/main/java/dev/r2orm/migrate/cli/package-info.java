/**
 * The {@code r2orm-migrate} command-line tool: golang-migrate's commands, flags, output and exit codes over
 * {@link dev.r2orm.migrate.Migrations}, with R2DBC URLs and golang-migrate's {@code postgres://} and {@code mysql://}
 * URLs.
 */
@NullMarked
package dev.r2orm.migrate.cli;

import org.jspecify.annotations.NullMarked;
