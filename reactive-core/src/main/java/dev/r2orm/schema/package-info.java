/**
 * Model metadata: how a Java class or record maps to a table, parsed once per class and cached.
 */
@NullMarked
package dev.r2orm.schema;

import org.jspecify.annotations.NullMarked;
