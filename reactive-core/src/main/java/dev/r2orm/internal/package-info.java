/**
 * Implementation details; not part of the public API and subject to change.
 */
@NullMarked
package dev.r2orm.internal;

import org.jspecify.annotations.NullMarked;
