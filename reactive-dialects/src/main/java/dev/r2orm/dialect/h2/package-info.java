/**
 * The H2 2.x dialect, registered with {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.r2orm.dialect.h2;

import org.jspecify.annotations.NullMarked;
