/**
 * The MySQL 8 and MariaDB dialect, registered with {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.r2orm.dialect.mysql;

import org.jspecify.annotations.NullMarked;
