/**
 * Hooks: interfaces a model implements to run code around its own create, update, delete and find. Each returns a
 * {@code Mono<Void>}; an error from it aborts the operation and rolls its transaction back.
 */
@NullMarked
package dev.r2orm.hook;

import org.jspecify.annotations.NullMarked;
