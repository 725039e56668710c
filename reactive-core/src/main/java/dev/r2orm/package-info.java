/**
 * The public API of r2orm: {@link dev.r2orm.Db}, {@link dev.r2orm.Query}, {@link dev.r2orm.Config}, {@link dev.r2orm.Session} and the exception tree.
 */
@NullMarked
package dev.r2orm;

import org.jspecify.annotations.NullMarked;
