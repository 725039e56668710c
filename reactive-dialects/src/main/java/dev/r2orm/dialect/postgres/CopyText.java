package dev.r2orm.dialect.postgres;

import dev.r2orm.UnsupportedByDialectException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL's bulk load: rows in the text format of {@code COPY ... FROM STDIN}: one line per row, values separated by tabs,
 * {@code \N} for NULL, and backslash, tab, newline and carriage return escaped.
 */
final class CopyText {

    private static final HexFormat HEX = HexFormat.of();

    /** Rows per {@code CopyData} message. */
    private static final int ROWS_PER_MESSAGE = 512;

    private CopyText() {
    }

    /**
     * Runs a {@code COPY ... FROM STDIN} on the driver's connection, feeding it messages of
     * {@value #ROWS_PER_MESSAGE} rows as the driver asks for them.
     *
     * @param connection the connection, possibly a pool's wrapper
     * @param sql the COPY statement
     * @param columns the column names, for errors
     * @param rows the rows
     * @return the rows loaded
     */
    static Mono<Long> copyIn(Connection connection, String sql, List<String> columns, Flux<@Nullable Object[]> rows) {
        PostgresqlConnection pg = unwrap(connection);
        Flux<Mono<ByteBuf>> messages = rows.buffer(ROWS_PER_MESSAGE)
                .map(batch -> Mono.fromSupplier(() -> Unpooled.wrappedBuffer(encode(batch, columns))));
        return pg.copyIn(sql).fromMany(messages).build();
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Object c = connection;
        while (!(c instanceof PostgresqlConnection) && c instanceof Wrapped<?> w) {
            c = w.unwrap();
        }
        if (c instanceof PostgresqlConnection pg) {
            return pg;
        }
        throw new UnsupportedByDialectException("copyIn needs an r2dbc-postgresql connection, got "
                + connection.getClass().getName());
    }

    /**
     * Encodes rows.
     *
     * @param rows the rows, each value already converted for storage
     * @param columns the column names, for errors
     * @return the rows as UTF-8 text
     * @throws UnsupportedByDialectException for a value whose type has no text form here
     */
    static byte[] encode(List<@Nullable Object[]> rows, List<String> columns) {
        StringBuilder out = new StringBuilder(rows.size() * 16 * Math.max(1, columns.size()));
        for (@Nullable Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                value(out, row[i], columns.get(i));
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder out, @Nullable Object v, String column) {
        if (v == null) {
            out.append("\\N");
        } else if (v instanceof String s) {
            escaped(out, s);
        } else if (v instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (v instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (v instanceof Number || v instanceof UUID) {
            out.append(v);
        } else if (v instanceof TemporalAccessor) {
            // ISO-8601 (Instant, OffsetDateTime, LocalDateTime, LocalDate, LocalTime): read by PostgreSQL as written
            out.append(v);
        } else if (v instanceof Character c) {
            escaped(out, c.toString());
        } else if (v instanceof Enum<?> e) {
            escaped(out, dev.r2orm.schema.EnumLabels.label(e));
        } else if (v instanceof java.time.Duration d) {
            out.append(d); // ISO-8601, as PostgreSQL reads intervals
        } else if (v instanceof byte[] bytes) {
            out.append("\\\\x").append(HEX.formatHex(bytes));
        } else {
            throw new UnsupportedByDialectException("copyIn cannot write a " + v.getClass().getName()
                    + " to column " + column + "; give the field a converter to a string, number or time value");
        }
    }

    private static void escaped(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
