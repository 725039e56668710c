package dev.r2orm.testkit;

import java.util.Objects;

/**
 * The R2DBC URL of the database a {@link DatabaseTest} invocation runs on, the one its {@link dev.r2orm.Db} was opened
 * with: a test method may take it as a parameter to reach the same database from another process, such as a forked
 * JVM. On PostgreSQL it names this JVM's schema, on MariaDB and MySQL this JVM's database, so the other process sees
 * the test's tables. On H2 it is an in-memory database of this JVM, which no other process can open: a test that forks
 * uses an H2 file database of its own there. The URL does not carry the target's configuration: open it with
 * {@link TestDatabase#configure} to get the dialect the test's {@code Db} uses.
 *
 * @param value the URL, for {@link dev.r2orm.Db#open(String)}
 */
public record TestUrl(String value) {

    /**
     * Checks the URL.
     *
     * @param value see above
     * @throws NullPointerException when value is null
     */
    public TestUrl {
        Objects.requireNonNull(value, "value must not be null");
    }
}
