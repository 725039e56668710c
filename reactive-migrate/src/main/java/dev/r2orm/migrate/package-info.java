/**
 * Versioned SQL migrations over R2DBC, interchangeable with golang-migrate: its file names, its
 * {@code schema_migrations} table, its lock keys and its dirty protocol, with a bounded lock, atomic files where the
 * database allows it, an {@code atlas.sum} integrity file, a history table of its own, a diff from AutoMigrate's plan
 * and a command-line tool.
 */
@NullMarked
package dev.r2orm.migrate;

import org.jspecify.annotations.NullMarked;
