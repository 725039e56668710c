package dev.r2orm;

import dev.r2orm.callbacks.Operation;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.Schema;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL written by the developer ({@link Db#raw(String, Object, Object...)}), with its values bound. Immutable; runs when a
 * terminal method's result is subscribed, again on each subscription.
 */
public final class Raw {

    private static final Set<Class<?>> SCALARS = Set.of(String.class, Long.class, Integer.class, Short.class,
            Double.class, Float.class, Boolean.class, java.math.BigDecimal.class, java.math.BigInteger.class,
            java.time.Instant.class, java.time.LocalDate.class, java.time.LocalDateTime.class,
            java.time.OffsetDateTime.class, java.time.LocalTime.class, java.util.UUID.class, byte[].class,
            Object.class);

    private final Db db;
    private final @Nullable Expr sql;
    private final @Nullable Sql rendered;

    Raw(Db db, Expr sql) {
        this.db = db;
        this.sql = sql;
        this.rendered = null;
    }

    Raw(Db db, Sql rendered) {
        this.db = db;
        this.sql = null;
        this.rendered = rendered;
    }

    /**
     * Reads the rows into a class: a model, DTO or record (by column name), or a single-column scalar type
     * ({@code Long}, {@code String}, ...).
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param type the class
     * @param <R> the type
     * @return the rows, streamed; for a scalar type, rows whose value is NULL are skipped (a reactive stream cannot
     *     carry null). Errors: the statement's translated {@link R2ormException}, such as
     *     {@link StatementTimeoutException} or {@link ConnectionUnavailableException}
     * @throws InvalidModelException when the class is not a scalar type and cannot be mapped
     */
    public <R> Flux<R> scan(Class<R> type) {
        return run(type, SCALARS.contains(type) ? null : db.schema(type)).filter(v -> v != RowMappers.NULL)
                .map(type::cast);
    }

    /**
     * Streams the rows through a function, for results a model does not fit: the function reads columns by name or
     * index, or scans the row into a model or DTO; see {@link Query#rows}.
     *
     * @param function reads one row; the {@link ResultRow} is valid only during the call; must not return null
     * @param <R> what the function makes of a row
     * @return one value per row, streamed as requested; a {@link NullPointerException} when the function returns
     *     null. Cancelling releases the connection.
     */
    public <R> Flux<R> rows(java.util.function.Function<ResultRow, ? extends R> function) {
        java.util.Objects.requireNonNull(function, "function must not be null");
        return run(Object.class, null, () -> ResultRow.mapper(db, function)).map(r -> {
            @SuppressWarnings("unchecked")
            R value = (R) r;
            return value;
        });
    }

    /**
     * Reads the rows as maps of column label (lower-case) to value.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the rows; the statement's translated {@link R2ormException}, such as {@link StatementTimeoutException} or
     *     {@link ConnectionUnavailableException}
     */
    public Flux<Map<String, @Nullable Object>> findMaps() {
        return run(Map.class, null).map(m -> {
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) m;
            return map;
        });
    }

    /**
     * Runs the statement for its effect.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @return the number of rows affected; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}
     */
    public Mono<Long> exec() {
        return run(Void.class, null).map(v -> ((Number) v).longValue()).reduce(0L, Long::sum);
    }

    /** @return the SQL with the dialect's bind markers, rendered without a connection */
    public Sql toSql() {
        if (rendered != null) {
            return rendered;
        }
        SqlWriter w = new SqlWriter(db.dialect());
        java.util.Objects.requireNonNull(sql).build(w);
        return w.toSql();
    }

    private Flux<Object> run(Class<?> resultType, @Nullable Schema schema) {
        return run(resultType, schema, null);
    }

    private Flux<Object> run(Class<?> resultType, @Nullable Schema schema, java.util.function.@Nullable Supplier<
            java.util.function.BiFunction<io.r2dbc.spi.Row, io.r2dbc.spi.RowMetadata, Object>> mapper) {
        return Flux.defer(() -> {
            Sql rendered = toSql();
            Operation op = Operation.builder(Operation.Kind.RAW, db, Statement.of("raw", null), resultType)
                    .rawSql(rendered).resultSchema(schema).rowMapper(mapper).build();
            boolean exec = resultType == Void.class;
            boolean reads = !exec && db.intercepting() && reads(rendered.sql());
            return db.intercepted(exec ? "exec" : "raw", null, null, reads, 0,
                    db.bound(db.callbacksInternal().raw().run(op, Flux.empty())));
        });
    }

    /** Whether raw SQL only reads: a {@code SELECT} that takes no row locks. */
    static boolean reads(String sql) {
        String s = sql.stripLeading();
        if (!s.regionMatches(true, 0, "SELECT", 0, 6)) {
            return false;
        }
        String upper = s.toUpperCase(java.util.Locale.ROOT);
        return !upper.contains(" FOR UPDATE") && !upper.contains(" FOR SHARE") && !upper.contains(" FOR NO KEY")
                && !upper.contains(" FOR KEY SHARE") && !upper.contains("LOCK IN SHARE MODE")
                && !upper.contains(" INTO ");
    }
}
