/**
 * SQL clauses as small immutable values, each rendering itself through a {@link dev.r2orm.clause.SqlWriter}.
 */
@NullMarked
package dev.r2orm.clause;

import org.jspecify.annotations.NullMarked;
