/**
 * The dialect SPI: what differs between databases. Implementations are found with {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.r2orm.dialect;

import org.jspecify.annotations.NullMarked;
