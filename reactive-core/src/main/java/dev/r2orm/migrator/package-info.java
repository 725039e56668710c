/**
 * Schema migration from model classes (AutoMigrate).
 */
@NullMarked
package dev.r2orm.migrator;

import org.jspecify.annotations.NullMarked;
