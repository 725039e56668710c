/**
 * The PostgreSQL dialect, registered with {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.r2orm.dialect.postgres;

import org.jspecify.annotations.NullMarked;
