package dev.r2orm.plugins.observation;

import dev.r2orm.Invocation;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.List;
import java.util.Locale;

/**
 * The OpenTelemetry database client conventions for r2orm's operations.
 *
 * <p>Name {@value #NAME}; contextual (span) name {@code "<operation> <table>"}, for example {@code "find users"}.
 * Low-cardinality keys, on every observation so that a metrics backend sees one set of tags:
 * <ul>
 *   <li>{@code db.system.name}: {@code postgresql}, {@code mariadb}, {@code mysql}, {@code h2database}, or the
 *       dialect's name in lower case</li>
 *   <li>{@code db.operation.name}: the r2orm operation ({@link Invocation#operation()}: {@code find}, {@code create},
 *       {@code preload}, {@code transaction}, ...)</li>
 *   <li>{@code db.collection.name}: the table, {@code none} for raw SQL and transactions</li>
 *   <li>{@code error.type}: the error's class name, {@code none} when there was none</li>
 *   <li>{@code outcome}: {@code SUCCESS}, {@code ERROR} or {@code CANCELLED}</li>
 * </ul>
 * High-cardinality keys (for traces; a metrics backend drops them):
 * <ul>
 *   <li>{@code db.query.text}: the SQL sent, with placeholders and never the bound values (several statements are
 *       separated by {@code ";\n"})</li>
 *   <li>{@code db.operation.batch.size}: the rows a create wrote in one go, when two or more</li>
 *   <li>{@code db.response.returned_rows} (reads) or {@code r2orm.rows_affected} (writes)</li>
 * </ul>
 * No thread, no connection id, no value from the data: nothing that grows with traffic.
 */
public class DefaultDbObservationConvention implements DbObservationConvention {

    /** The observation's name. */
    public static final String NAME = "db.client.operation";

    /** Creates the convention. */
    public DefaultDbObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(DbObservationContext context) {
        Invocation call = context.invocation();
        return call.collection().map(t -> call.operation() + " " + t).orElse(call.operation());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(DbObservationContext context) {
        Invocation call = context.invocation();
        Throwable error = context.getError();
        DbObservationContext.Outcome outcome = context.outcome();
        return KeyValues.of(
                KeyValue.of("db.system.name", system(call.db().dialect().name())),
                KeyValue.of("db.operation.name", call.operation()),
                KeyValue.of("db.collection.name", call.collection().orElse("none")),
                KeyValue.of("error.type", error == null ? "none" : error.getClass().getName()),
                KeyValue.of("outcome", outcome == DbObservationContext.Outcome.UNKNOWN ? "SUCCESS" : outcome.name()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(DbObservationContext context) {
        Invocation call = context.invocation();
        KeyValues values = KeyValues.empty();
        List<String> statements = call.statements();
        if (!statements.isEmpty()) {
            values = values.and("db.query.text", String.join(";\n", statements));
        }
        if (call.batchSize() > 1) {
            values = values.and("db.operation.batch.size", Integer.toString(call.batchSize()));
        }
        return values.and(call.reads() ? "db.response.returned_rows" : "r2orm.rows_affected",
                Long.toString(call.rows()));
    }

    /**
     * The OpenTelemetry {@code db.system.name} of a dialect.
     *
     * @param dialect the dialect's name ({@link dev.r2orm.dialect.Dialect#name()})
     * @return the well-known value, or the name in lower case
     */
    public static String system(String dialect) {
        return switch (dialect) {
            case "PostgreSQL" -> "postgresql";
            case "MariaDB" -> "mariadb";
            case "MySQL" -> "mysql";
            case "H2" -> "h2database";
            default -> dialect.toLowerCase(Locale.ROOT);
        };
    }
}
