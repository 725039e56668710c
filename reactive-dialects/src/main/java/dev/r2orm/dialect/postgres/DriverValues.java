package dev.r2orm.dialect.postgres;

import io.r2dbc.postgresql.codec.Interval;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Values only the PostgreSQL driver's classes express: a string the server types from where it is used, and an
 * interval. Loaded on first use, so the dialect itself loads without the driver.
 */
final class DriverValues {

    private DriverValues() {
    }

    /** A string or NULL sent with no type: the server gives it the type of the column or operand it meets. */
    static Parameter untyped(@Nullable Object value) {
        return value == null ? Parameters.in(PostgresqlObjectId.UNSPECIFIED)
                : Parameters.in(PostgresqlObjectId.UNSPECIFIED, value);
    }

    static Class<?> intervalType() {
        return Interval.class;
    }

    static Object interval(Duration d) {
        return Interval.of(d);
    }
}
