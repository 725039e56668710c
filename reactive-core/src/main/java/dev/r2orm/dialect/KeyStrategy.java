package dev.r2orm.dialect;

/** How a dialect gets the keys that the database generated for an {@code INSERT}. */
public enum KeyStrategy {
    /** {@code INSERT ... RETURNING "id"}: one row per inserted row, in order (PostgreSQL, MariaDB 10.5+). */
    RETURNING,
    /** The driver's {@link io.r2dbc.spi.Statement#returnGeneratedValues(String...)} (H2). */
    GENERATED_VALUES,
    /**
     * {@code SELECT LAST_INSERT_ID()} after the insert: the first generated id, the next rows of a multi-row insert
     * getting consecutive ids (MySQL 8, whose auto-increment allocates consecutive values to one simple insert).
     */
    LAST_INSERT_ID
}
