/**
 * Rolled-back reactive tests: {@link dev.r2orm.test.RolledBack} for JUnit 5, with or without Spring, and
 * {@link dev.r2orm.test.TestTransactions} for any test framework.
 */
@NullMarked
package dev.r2orm.test;

import org.jspecify.annotations.NullMarked;
