package dev.r2orm.benchmarks;

/** Set-up shared by the benchmarks that touch a database. */
final class Fixture {

    private Fixture() {
    }

    /**
     * Makes a data set hold rows 1 to {@code rows}: checks it on PostgreSQL and MariaDB (the runner filled it), fills
     * it on H2 (an in-memory database lives only in this JVM), with the tables of {@link Families} for
     * {@link Databases#READ}.
     *
     * @param db {@code postgres}, {@code mariadb} or {@code h2}
     * @param dataset the data set
     * @param rows the row count
     */
    static void rows(String db, String dataset, long rows) {
        if ("h2".equals(db)) {
            Databases.create(db, dataset, rows);
        }
        Databases.requireRows(db, dataset, rows);
    }

    /**
     * Checks a count.
     *
     * @param got the count
     * @param expected the expected count
     * @param what what was counted
     * @return the count
     * @throws IllegalStateException when they differ
     */
    static long require(Long got, long expected, String what) {
        if (got == null || got != expected) {
            throw new IllegalStateException(what + ": got " + got + ", expected " + expected);
        }
        return got;
    }
}
