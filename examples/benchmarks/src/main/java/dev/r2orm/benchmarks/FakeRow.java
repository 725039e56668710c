package dev.r2orm.benchmarks;

import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.R2dbcType;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code benches} held in memory, as PostgreSQL's driver would give it: {@code at} is an
 * {@link OffsetDateTime}, converted when an {@link Instant} is asked for. For the mapping benchmark, which has no
 * database.
 */
final class FakeRow implements Row, RowMetadata {

    /** The columns, in table order. */
    static final List<String> COLUMNS = List.of("id", "name", "amount", "flag", "at");

    private static final Type[] TYPES = {R2dbcType.BIGINT, R2dbcType.VARCHAR, R2dbcType.BIGINT, R2dbcType.BOOLEAN,
            R2dbcType.TIMESTAMP_WITH_TIME_ZONE};

    private final Object[] values;
    private final List<ColumnMetadata> columns;

    FakeRow(long n) {
        values = new Object[] {n, Data.name(n), Data.amount(n), Data.flag(n),
                OffsetDateTime.ofInstant(Data.at(n), ZoneOffset.UTC)};
        columns = COLUMNS.stream().map(c -> (ColumnMetadata) new Column(c, TYPES[COLUMNS.indexOf(c)])).toList();
    }

    @Override
    public RowMetadata getMetadata() {
        return this;
    }

    @Override
    public <T> @Nullable T get(int index, Class<T> type) {
        Object v = values[index];
        if (type == Instant.class && v instanceof OffsetDateTime odt) {
            return type.cast(odt.toInstant());
        }
        return type.cast(v);
    }

    @Override
    public <T> @Nullable T get(String name, Class<T> type) {
        return get(index(name), type);
    }

    private int index(String name) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (COLUMNS.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new NoSuchElementException("no column " + name);
    }

    @Override
    public ColumnMetadata getColumnMetadata(int index) {
        return columns.get(index);
    }

    @Override
    public ColumnMetadata getColumnMetadata(String name) {
        return columns.get(index(name));
    }

    @Override
    public List<? extends ColumnMetadata> getColumnMetadatas() {
        return columns;
    }

    @Override
    public boolean contains(String name) {
        for (String c : COLUMNS) {
            if (c.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private record Column(String getName, Type getType) implements ColumnMetadata {
    }
}
