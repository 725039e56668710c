package dev.r2orm;

import dev.r2orm.internal.RowMappers;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The current row of a {@link Query#rows} or {@link Raw#rows} stream, for results a model does not fit: read columns
 * by name or index, or {@link #scan} the row into a model or DTO (GORM's {@code ScanRows}), or both.
 *
 * <pre>{@code
 * db.raw("SELECT u.*, count(o.id) AS orders FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id")
 *         .rows(row -> new UserWithOrders(row.scan(User.class), row.get("orders", Long.class)))
 * }</pre>
 *
 * <p>A {@code ResultRow} is valid only inside the function it is passed to: the driver reuses the row once the
 * function returns, so read what is needed there and keep only the values.
 */
public final class ResultRow {

    private final Db db;
    private final Map<Class<?>, BiFunction<Row, RowMetadata, Object>> mappers = new IdentityHashMap<>();
    private @Nullable Row row;
    private @Nullable RowMetadata metadata;
    private @Nullable List<String> columns;

    ResultRow(Db db) {
        this.db = db;
    }

    /** Points this view at the next row of the same result. */
    void reset(Row row, RowMetadata metadata) {
        this.row = row;
        if (this.metadata != metadata) {
            this.metadata = metadata;
            this.columns = null;
        }
    }

    private Row row() {
        if (row == null) {
            throw new IllegalStateException("a ResultRow is readable only inside the function it is passed to");
        }
        return row;
    }

    /**
     * Reads a column by its label, as the driver returns it in the given type.
     *
     * @param column the column label (case-insensitive, as the drivers match it)
     * @param type the Java type, for example {@code Long.class}
     * @param <V> the type
     * @return the value, or null for SQL NULL
     * @throws java.util.NoSuchElementException when the result has no such column
     * @throws IllegalArgumentException when the driver cannot convert the value to the type
     */
    public <V> @Nullable V get(String column, Class<V> type) {
        return row().get(Objects.requireNonNull(column, "column must not be null"), type);
    }

    /**
     * Reads a column by its position.
     *
     * @param index the position, from 0
     * @param type the Java type
     * @param <V> the type
     * @return the value, or null for SQL NULL
     * @throws IndexOutOfBoundsException when the result has fewer columns
     * @throws IllegalArgumentException when the driver cannot convert the value to the type
     */
    public <V> @Nullable V get(int index, Class<V> type) {
        return row().get(index, type);
    }

    /**
     * Reads a column by its label, in the driver's default type for it.
     *
     * @param column the column label
     * @return the value, or null for SQL NULL
     * @throws java.util.NoSuchElementException when the result has no such column
     */
    public @Nullable Object get(String column) {
        return row().get(Objects.requireNonNull(column, "column must not be null"));
    }

    /** @return the result's column labels, lower-case, in result order */
    public List<String> columns() {
        if (columns == null) {
            List<String> names = new ArrayList<>();
            for (ColumnMetadata c : Objects.requireNonNull(metadata, "no row yet").getColumnMetadatas()) {
                names.add(c.getName().toLowerCase(Locale.ROOT));
            }
            columns = List.copyOf(names);
        }
        return columns;
    }

    /**
     * Reads the row into a model, DTO or record by column name (columns without a field are ignored, fields without
     * a column stay unset), as {@link Query#scan} does. The columns are matched to fields once per type and stream.
     *
     * @param type the class to read into
     * @param <E> the type
     * @return a new instance
     * @throws InvalidModelException when the class cannot be mapped
     */
    public <E> E scan(Class<E> type) {
        BiFunction<Row, RowMetadata, Object> mapper = mappers.computeIfAbsent(type,
                t -> RowMappers.entity(db.schema(t)));
        return type.cast(mapper.apply(row(), Objects.requireNonNull(metadata)));
    }

    /** @return the driver's row, for what this view does not offer; valid only inside the function */
    public Row driverRow() {
        return row();
    }

    /** @return the driver's metadata of the result */
    public RowMetadata driverMetadata() {
        return Objects.requireNonNull(metadata, "no row yet");
    }

    /**
     * A row mapper that hands each row to a function through one reused view.
     *
     * @param db the database, for schemas
     * @param function reads a row
     * @return a new mapper; one per result
     */
    static BiFunction<Row, RowMetadata, Object> mapper(Db db, java.util.function.Function<ResultRow, ?> function) {
        ResultRow view = new ResultRow(db);
        return (row, metadata) -> {
            view.reset(row, metadata);
            try {
                return Objects.requireNonNull(function.apply(view),
                        "the function given to rows() returned null; a stream cannot carry null: return a value");
            } finally {
                view.row = null;
            }
        };
    }
}
