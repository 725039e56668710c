package dev.r2orm.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.CheckViolationException;
import dev.r2orm.ConstraintViolationException;
import dev.r2orm.DeadlockException;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.ForeignKeyViolationException;
import dev.r2orm.InvalidValueException;
import dev.r2orm.NotNullViolationException;
import dev.r2orm.R2ormException;
import dev.r2orm.SerializationFailureException;
import dev.r2orm.UndefinedColumnException;
import dev.r2orm.dialect.h2.H2Dialect;
import dev.r2orm.dialect.mysql.MySqlDialect;
import dev.r2orm.dialect.postgres.PostgresDialect;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DialectErrorTranslationTest {

    private static final String SQL = "INSERT INTO \"users\" (\"email\") VALUES ($1)";
    private static final String SECRET = "secret";

    private static Arguments integrity(Dialect d, String state, int code, Class<? extends R2ormException> type) {
        return Arguments.of(d, new R2dbcDataIntegrityViolationException("msg with " + SECRET + " value", state, code),
                type);
    }

    static Stream<Arguments> constraintErrors() {
        PostgresDialect pg = new PostgresDialect();
        H2Dialect h2 = new H2Dialect();
        return Stream.of(
                integrity(pg, "23505", 0, DuplicatedKeyException.class),
                integrity(pg, "23503", 0, ForeignKeyViolationException.class),
                integrity(pg, "23514", 0, CheckViolationException.class),
                integrity(pg, "23502", 0, NotNullViolationException.class),
                integrity(pg, "23P01", 0, ConstraintViolationException.class),
                integrity(h2, "23505", 23505, DuplicatedKeyException.class),
                integrity(h2, "23503", 23503, ForeignKeyViolationException.class),
                integrity(h2, "23506", 23506, ForeignKeyViolationException.class),
                integrity(h2, "23513", 23513, CheckViolationException.class),
                integrity(h2, "23502", 23502, NotNullViolationException.class),
                mysql(MySqlDialect.mysql(), 1062, DuplicatedKeyException.class),
                mysql(MySqlDialect.mysql(), 1452, ForeignKeyViolationException.class),
                mysql(MySqlDialect.mysql(), 1451, ForeignKeyViolationException.class),
                mysql(MySqlDialect.mysql(), 3819, CheckViolationException.class),
                mysql(MySqlDialect.mysql(), 1048, NotNullViolationException.class),
                mysql(MySqlDialect.mysql(), 1557, ConstraintViolationException.class),
                mysql(MySqlDialect.mariaDb(), 1062, DuplicatedKeyException.class),
                mysql(MySqlDialect.mariaDb(), 1452, ForeignKeyViolationException.class),
                mysql(MySqlDialect.mariaDb(), 4025, CheckViolationException.class),
                mysql(MySqlDialect.mariaDb(), 1048, NotNullViolationException.class));
    }

    private static Arguments mysql(Dialect d, int code, Class<? extends R2ormException> type) {
        return Arguments.of(d, new R2dbcDataIntegrityViolationException("Duplicate entry '" + SECRET + "' for key",
                "23000", code), type);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("constraintErrors")
    void constraintErrorsAreTypedKeepTheCauseAndLeaveOutTheDriverMessage(Dialect dialect,
            R2dbcDataIntegrityViolationException error, Class<? extends R2ormException> type) {
        R2ormException e = dialect.translate(error, SQL);

        assertThat(e).isExactlyInstanceOf(type).isInstanceOf(ConstraintViolationException.class);
        assertThat(e.getCause()).isSameAs(error);
        assertThat(e.getMessage())
                .contains("SQL [" + SQL + "]")
                .contains(error.getSqlState())
                .doesNotContain(SECRET);
        assertThat(e.isRetryable()).isFalse();
    }

    static Stream<Arguments> retryableErrors() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), new R2dbcRollbackException("could not serialize", "40001", 0),
                        SerializationFailureException.class),
                Arguments.of(new PostgresDialect(), new R2dbcRollbackException("deadlock detected", "40P01", 0),
                        DeadlockException.class),
                Arguments.of(new H2Dialect(), new R2dbcRollbackException("Deadlock detected", "40001", 40001),
                        DeadlockException.class),
                Arguments.of(MySqlDialect.mysql(), new R2dbcRollbackException("Deadlock found", "40001", 1213),
                        DeadlockException.class),
                Arguments.of(MySqlDialect.mariaDb(), new R2dbcRollbackException("Deadlock found", "40001", 1213),
                        DeadlockException.class));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("retryableErrors")
    void serializationFailuresAndDeadlocksAreRetryable(Dialect dialect, R2dbcRollbackException error,
            Class<? extends R2ormException> type) {
        R2ormException e = dialect.translate(error, SQL);

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getCause()).isSameAs(error);
        assertThat(e.getMessage()).contains("SQL [" + SQL + "]").contains(error.getSqlState());
    }

    static Stream<Arguments> dialects() {
        return Stream.of(
                Arguments.of(new PostgresDialect()),
                Arguments.of(MySqlDialect.mysql()),
                Arguments.of(MySqlDialect.mariaDb()),
                Arguments.of(new H2Dialect()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void otherDriverErrorsBecomeAPlainR2ormExceptionWithTheCause(Dialect dialect) {
        R2dbcBadGrammarException error = new R2dbcBadGrammarException("syntax error near FROM", "42601", 1064);

        R2ormException e = dialect.translate(error, SQL);

        assertThat(e).isExactlyInstanceOf(R2ormException.class);
        assertThat(e.getCause()).isSameAs(error);
        assertThat(e.getMessage()).contains("SQL [" + SQL + "]").contains("syntax error near FROM");
        assertThat(e.isRetryable()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void nonDriverErrorsBecomeAPlainR2ormExceptionWithTheCause(Dialect dialect) {
        IllegalStateException error = new IllegalStateException("boom");

        R2ormException e = dialect.translate(error, SQL);

        assertThat(e).isExactlyInstanceOf(R2ormException.class);
        assertThat(e.getCause()).isSameAs(error);
        assertThat(e.getMessage()).contains("SQL [" + SQL + "]").contains("boom");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void errorWithoutSqlStateIsNotTreatedAsAConstraint(Dialect dialect) {
        R2dbcDataIntegrityViolationException error = new R2dbcDataIntegrityViolationException("odd", null, 0);

        R2ormException e = dialect.translate(error, SQL);

        assertThat(e).isExactlyInstanceOf(R2ormException.class);
        assertThat(e.getCause()).isSameAs(error);
    }

    static Stream<Arguments> undefinedColumns() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), new R2dbcBadGrammarException(
                        "column \"film_film_id\" does not exist", "42703", 0)),
                Arguments.of(new PostgresDialect(), new R2dbcBadGrammarException(
                        "column fa.film_film_id does not exist", "42703", 0)),
                Arguments.of(new PostgresDialect(), new R2dbcBadGrammarException(
                        "column \"film_film_id\" of relation \"film_actor\" does not exist", "42703", 0)),
                Arguments.of(MySqlDialect.mariaDb(), new R2dbcBadGrammarException(
                        "Unknown column 'film_actor.film_film_id' in 'SELECT'", "42S22", 1054)),
                Arguments.of(MySqlDialect.mysql(), new R2dbcBadGrammarException(
                        "Unknown column 'film_film_id' in 'where clause'", "42S22", 1054)),
                Arguments.of(new H2Dialect(), new R2dbcBadGrammarException(
                        "Column \"FILM_ACTOR.FILM_FILM_ID\" not found; SQL statement:\nSELECT 1 [42122-240]", "42S22",
                        42122)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undefinedColumns")
    void aMissingColumnIsAnUndefinedColumnExceptionNamingIt(Dialect dialect, R2dbcBadGrammarException error) {
        R2ormException e = dialect.translate(error, SQL);

        assertThat(e).isExactlyInstanceOf(UndefinedColumnException.class);
        assertThat(e.getCause()).isSameAs(error);
        assertThat(e.getMessage()).contains("SQL [" + SQL + "]").contains(error.getMessage());
        UndefinedColumnException u = (UndefinedColumnException) e;
        assertThat(u.column().map(String::toLowerCase)).contains("film_film_id");
        assertThat(u.names("film_film_id")).isTrue();
        assertThat(u.names("film_id")).isFalse();
        assertThat(u.names("film")).isFalse();
    }

    private static Arguments data(Dialect d, String message, String state, int code, String column, String reason) {
        return Arguments.of(d, new R2dbcNonTransientResourceException(message, state, code), column, reason);
    }

    static Stream<Arguments> dataErrors() {
        String h2Sql = "; SQL statement:\nINSERT INTO \"t\" (\"c\") VALUES ($1) [22001-240]";
        return Stream.of(
                data(new PostgresDialect(), "value too long for type character varying(50)", "22001", 0, null,
                        "value too long"),
                data(new PostgresDialect(), "integer out of range", "22003", 0, null, "numeric value out of range"),
                data(new PostgresDialect(), "invalid input syntax for type uuid: \"" + SECRET + "\"", "22P02", 0, null,
                        "invalid text representation"),
                data(new PostgresDialect(), "invalid byte sequence for encoding \"UTF8\": 0x00", "22021", 0, null,
                        "character not valid in the database's encoding"),
                data(new H2Dialect(), "Value too long for column \"short50 CHARACTER VARYING(50)\": \"'" + SECRET
                        + "' (51)\"" + h2Sql, "22001", 22001, "short50", "value too long"),
                // a column name that needs quotes is quoted, then doubled again inside the message's quotes
                data(new H2Dialect(), "Value too long for column \"" + "\"\"\"odd\"\" name\" CHARACTER VARYING(5)"
                        .replace("\"", "\"\"") + "\": \"'" + SECRET + "' (6)\"" + h2Sql, "22001", 22001,
                        "\"odd\" name", "value too long"),
                data(new H2Dialect(), "Numeric value out of range: \"" + SECRET + " in column \"\" in column \"b\""
                        + h2Sql, "22004", 22004, "b", "numeric value out of range"),
                data(new H2Dialect(), "Data conversion error converting \"'" + SECRET + "' (probes: \"\"uuid\"\" UUID)\""
                        + h2Sql, "22018", 22018, "uuid", "value not convertible to the column's type"),
                data(new H2Dialect(), "Cannot parse \"DATE\" constant \"" + SECRET + "\"" + h2Sql, "22007", 22007,
                        null, "invalid date or time format"),
                data(MySqlDialect.mariaDb(), "Data too long for column 'short50' at row 1", null, 1406, "short50",
                        "value too long"),
                data(MySqlDialect.mariaDb(), "Out of range value for column 'b' at row 3", null, 1264, "b",
                        "numeric value out of range"),
                data(MySqlDialect.mariaDb(), "Incorrect date value: '" + SECRET + "' for column `db`.`t`.`on_day` at row 1",
                        null, 1292, "on_day", "invalid date, time or number"),
                data(MySqlDialect.mysql(), "Incorrect integer value: '" + SECRET + " for column 'x' at row 1' for column"
                        + " `db`.`t`.`age` at row 1", "HY000", 1366, "age", "value not convertible to the column's type"),
                data(MySqlDialect.mysql(), "Data too long for column 'it''s' at row 1", "22001", 1406, "it's",
                        "value too long"),
                data(MySqlDialect.mysql(), "Some other data error: '" + SECRET + "'", "22023", 9999, null,
                        "invalid parameter value"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dataErrors")
    void dataErrorsAreInvalidValuesNamingTheColumnButNotTheValue(Dialect dialect,
            R2dbcNonTransientResourceException error, @Nullable String column, String reason) {
        R2ormException e = dialect.translate(error, SQL);

        assertThat(e).isExactlyInstanceOf(InvalidValueException.class);
        assertThat(e.getCause()).isSameAs(error);
        assertThat(e.getMessage())
                .startsWith("invalid value" + (column == null ? "" : " for column " + column) + ": " + reason + ";")
                .contains("SQL [" + SQL + "]")
                .contains("code " + error.getErrorCode())
                .doesNotContain(SECRET);
        InvalidValueException v = (InvalidValueException) e;
        assertThat(v.column()).isEqualTo(Optional.ofNullable(column));
        assertThat(v.field()).isEmpty();
        assertThat(e.isRetryable()).isFalse();
    }
}
