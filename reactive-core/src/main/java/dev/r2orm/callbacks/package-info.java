/**
 * The named, ordered callback chains that run every operation (create, query, ...).
 */
@NullMarked
package dev.r2orm.callbacks;

import org.jspecify.annotations.NullMarked;
