package dev.r2orm.clause;

/**
 * The bind type of a value whose SQL type the server infers from where the value is used: an enum label written to a
 * PostgreSQL enum column, JSON text to a {@code jsonb} column, a NULL to a column of any type. Recorded in
 * {@link Sql#types()} by dialects that need it ({@link dev.r2orm.dialect.Dialect#bind(io.r2dbc.spi.Statement, int,
 * Object, Class)} sends it); the value itself is a string or null. Never instantiated.
 */
public final class ServerTyped {

    private ServerTyped() {
    }
}
