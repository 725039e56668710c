/**
 * Annotations that override r2orm's mapping conventions.
 */
@NullMarked
package dev.r2orm.annotation;

import org.jspecify.annotations.NullMarked;
