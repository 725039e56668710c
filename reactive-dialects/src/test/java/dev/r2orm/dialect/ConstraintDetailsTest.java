package dev.r2orm.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.CheckViolationException;
import dev.r2orm.ConstraintDetails;
import dev.r2orm.ConstraintViolationException;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.ForeignKeyViolationException;
import dev.r2orm.NotNullViolationException;
import dev.r2orm.R2ormException;
import dev.r2orm.dialect.h2.H2Dialect;
import dev.r2orm.dialect.mysql.MySqlDialect;
import dev.r2orm.dialect.postgres.PostgresDialect;
import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.postgresql.message.backend.Field;
import io.r2dbc.postgresql.message.backend.Field.FieldType;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The constraint, table and column each dialect reads from its driver's errors, with the messages the servers send
 * (captured from PostgreSQL 15, MariaDB 10.11, MySQL 8 and H2 2.4); the offending value, {@code secret}, never reaches
 * r2orm's message.
 */
class ConstraintDetailsTest {

    private static final String SQL = "INSERT INTO t (c) VALUES (?)";

    /** A PostgreSQL driver error with the server's fields, as r2dbc-postgresql builds it. */
    static final class PgError extends R2dbcDataIntegrityViolationException implements PostgresqlException {
        private static final long serialVersionUID = 1L;
        private final transient ErrorDetails details;

        PgError(String state, String message, String... fields) {
            super(message, state, 0);
            List<Field> list = new ArrayList<>(List.of(new Field(FieldType.CODE, state),
                    new Field(FieldType.MESSAGE, message)));
            for (int i = 0; i < fields.length; i += 2) {
                list.add(new Field(FieldType.valueOf(fields[i]), fields[i + 1]));
            }
            this.details = new ErrorDetails(list);
        }

        @Override
        public ErrorDetails getErrorDetails() {
            return details;
        }
    }

    private static Arguments pg(String state, String message, Class<?> type, @Nullable String constraint,
            @Nullable String table, @Nullable String column, String... fields) {
        return Arguments.of(new PostgresDialect(), new PgError(state, message, fields), type,
                new ConstraintDetails(constraint, table, column));
    }

    private static Arguments mysql(Dialect dialect, int code, String message, Class<?> type,
            @Nullable String constraint, @Nullable String table, @Nullable String column) {
        return Arguments.of(dialect, new R2dbcDataIntegrityViolationException(message, code == 1364 ? "HY000" : "23000",
                code), type, new ConstraintDetails(constraint, table, column));
    }

    private static Arguments h2(String state, String message, Class<?> type, @Nullable String constraint,
            @Nullable String table, @Nullable String column) {
        return Arguments.of(new H2Dialect(), new R2dbcDataIntegrityViolationException(message + "; SQL statement:\n"
                + "INSERT INTO t VALUES ('secret') [" + state + "-240]", state, Integer.parseInt(state)), type,
                new ConstraintDetails(constraint, table, column));
    }

    static Stream<Arguments> errors() {
        Dialect mariaDb = MySqlDialect.mariaDb();
        Dialect mysql = MySqlDialect.mysql();
        return Stream.of(
                pg("23505", "duplicate key value violates unique constraint \"uk_p2_email\"",
                        DuplicatedKeyException.class, "uk_p2_email", "p2", "email",
                        "DETAIL", "Key (email)=(secret) already exists.", "SCHEMA_NAME", "s", "TABLE_NAME", "p2",
                        "CONSTRAINT_NAME", "uk_p2_email"),
                pg("23505", "duplicate key value violates unique constraint \"uk_ab\"",
                        DuplicatedKeyException.class, "uk_ab", "t", null,
                        "DETAIL", "Key (a, b)=(secret, 1) already exists.", "TABLE_NAME", "t",
                        "CONSTRAINT_NAME", "uk_ab"),
                pg("23503", "insert or update on table \"c2\" violates foreign key constraint \"fk_c2_p\"",
                        ForeignKeyViolationException.class, "fk_c2_p", "c2", "p_id",
                        "DETAIL", "Key (p_id)=(99) is not present in table \"p2\".", "TABLE_NAME", "c2",
                        "CONSTRAINT_NAME", "fk_c2_p"),
                pg("23503", "update or delete on table \"p2\" violates foreign key constraint \"fk_c2_p\" on table \"c2\"",
                        ForeignKeyViolationException.class, "fk_c2_p", "c2", null,
                        "DETAIL", "Key (id)=(1) is still referenced from table \"c2\".", "TABLE_NAME", "c2",
                        "CONSTRAINT_NAME", "fk_c2_p"),
                pg("23514", "new row for relation \"c2\" violates check constraint \"c2_age_check\"",
                        CheckViolationException.class, "c2_age_check", "c2", null,
                        "DETAIL", "Failing row contains (2, 1, secret, -1).", "TABLE_NAME", "c2",
                        "CONSTRAINT_NAME", "c2_age_check"),
                pg("23502", "null value in column \"name\" of relation \"c2\" violates not-null constraint",
                        NotNullViolationException.class, null, "c2", "name",
                        "DETAIL", "Failing row contains (2, 1, null, secret).", "TABLE_NAME", "c2",
                        "COLUMN_NAME", "name"),
                mysql(mariaDb, 1062, "Duplicate entry 'secret' for key 'uk_p2_email'", DuplicatedKeyException.class,
                        "uk_p2_email", null, null),
                mysql(mariaDb, 1062, "Duplicate entry 'secret' for key 'x' for key 'PRIMARY'",
                        DuplicatedKeyException.class, "PRIMARY", null, null),
                mysql(mysql, 1062, "Duplicate entry 'secret' for key 'p2.uk_p2_email'", DuplicatedKeyException.class,
                        "uk_p2_email", "p2", null),
                mysql(mariaDb, 1452, "Cannot add or update a child row: a foreign key constraint fails (`test`.`c2`,"
                        + " CONSTRAINT `fk_c2_p` FOREIGN KEY (`p_id`) REFERENCES `p2` (`id`))",
                        ForeignKeyViolationException.class, "fk_c2_p", "c2", "p_id"),
                mysql(mariaDb, 1451, "Cannot delete or update a parent row: a foreign key constraint fails"
                        + " (`te``st`.`c``2`, CONSTRAINT `fk_c2_p` FOREIGN KEY (`a`, `b`) REFERENCES `p2` (`a`, `b`))",
                        ForeignKeyViolationException.class, "fk_c2_p", "c`2", null),
                mysql(mariaDb, 4025, "CONSTRAINT `chk_c2_age` failed for `test`.`c2`", CheckViolationException.class,
                        "chk_c2_age", "c2", null),
                mysql(mariaDb, 4025, "CONSTRAINT `c3.age` failed for `test`.`c3`", CheckViolationException.class,
                        "age", "c3", "age"),
                mysql(mysql, 3819, "Check constraint 'chk_c2_age' is violated.", CheckViolationException.class,
                        "chk_c2_age", null, null),
                mysql(mariaDb, 1048, "Column 'name' cannot be null", NotNullViolationException.class,
                        null, null, "name"),
                mysql(mariaDb, 1364, "Field 'name' doesn't have a default value", NotNullViolationException.class,
                        null, null, "name"),
                h2("23505", "Unique index or primary key violation: \"PUBLIC.UK_P2_EMAIL INDEX PUBLIC.UK_P2_EMAIL_INDEX_9"
                        + " ON PUBLIC.P2(EMAIL NULLS FIRST) VALUES ( /* 1 */ 'secret' )\"", DuplicatedKeyException.class,
                        "UK_P2_EMAIL", "P2", "EMAIL"),
                h2("23505", "Unique index or primary key violation: \"PUBLIC.UK_NAME_INDEX_1 ON PUBLIC.T(C NULLS FIRST)"
                        + " VALUES ( /* 1 */ 'secret' )\"", DuplicatedKeyException.class, "UK_NAME_INDEX_1", "T", "C"),
                h2("23505", "Unique index or primary key violation: \"r2orm_t1.pk_teams PRIMARY KEY ON"
                        + " r2orm_t1.teams(id) ( /* key:1 */ 1, 'secret')\"", DuplicatedKeyException.class,
                        "pk_teams", "teams", "id"),
                h2("23505", "Unique index or primary key violation: \"PUBLIC.\"\"uk Odd\"\" INDEX PUBLIC.\"\"uk"
                        + " Odd_INDEX_3\"\" ON PUBLIC.\"\"Odd Tab\"\"(\"\"e Mail\"\" NULLS FIRST, B NULLS FIRST)"
                        + " VALUES ( /* 1 */ 'secret' )\"", DuplicatedKeyException.class, "uk Odd", "Odd Tab", null),
                h2("23506", "Referential integrity constraint violation: \"FK_C2_P: PUBLIC.C2 FOREIGN KEY(P_ID)"
                        + " REFERENCES PUBLIC.P2(ID) (99)\"", ForeignKeyViolationException.class, "FK_C2_P", "C2",
                        "P_ID"),
                h2("23503", "Referential integrity constraint violation: \"fk_kids: r2orm_t1.kids FOREIGN KEY(ta, tb)"
                        + " REFERENCES r2orm_t1.teams(a, b) (5, 5)\"", ForeignKeyViolationException.class, "fk_kids",
                        "kids", null),
                h2("23513", "Check constraint violation: \"CHK_C2_AGE: \"", CheckViolationException.class,
                        "CHK_C2_AGE", null, null),
                h2("23502", "NULL not allowed for column \"NAME\"", NotNullViolationException.class, null, null,
                        "NAME"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errors")
    void constraintExceptionsNameTheConstraintTableAndColumnButNoValue(Dialect dialect,
            R2dbcDataIntegrityViolationException error, Class<?> type, ConstraintDetails expected) {
        R2ormException e = dialect.translate(error, SQL);

        assertThat(e).isExactlyInstanceOf(type);
        ConstraintViolationException c = (ConstraintViolationException) e;
        assertThat(c.constraint()).isEqualTo(java.util.Optional.ofNullable(expected.constraint()));
        assertThat(c.table()).isEqualTo(java.util.Optional.ofNullable(expected.table()));
        assertThat(c.column()).isEqualTo(java.util.Optional.ofNullable(expected.column()));
        assertThat(e.getMessage()).contains(expected.describe()).contains("SQL [" + SQL + "]")
                .doesNotContain("secret");
        assertThat(e.getCause()).isSameAs(error);
    }

    static Stream<Arguments> unknownForms() {
        return Stream.of(
                Arguments.of(new H2Dialect(), new R2dbcDataIntegrityViolationException(
                        "Unique index or primary key violation: \"PUBLIC.X ON", "23505", 23505)),
                Arguments.of(new H2Dialect(), new R2dbcDataIntegrityViolationException(
                        "Referential integrity constraint violation: \"odd words\"", "23506", 23506)),
                Arguments.of(new H2Dialect(), new R2dbcDataIntegrityViolationException(null, "23505", 23505)),
                Arguments.of(MySqlDialect.mariaDb(), new R2dbcDataIntegrityViolationException(
                        "Duplicate entry 'secret", "23000", 1062)),
                Arguments.of(MySqlDialect.mariaDb(), new R2dbcDataIntegrityViolationException(
                        "Cannot add or update a child row: a foreign key constraint fails", "23000", 1452)),
                Arguments.of(new PostgresDialect(), new R2dbcDataIntegrityViolationException(
                        "not from the driver", "23505", 0)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownForms")
    void aMessageOfAnotherFormLeavesTheDetailsEmpty(Dialect dialect, R2dbcDataIntegrityViolationException error) {
        ConstraintViolationException e = (ConstraintViolationException) dialect.translate(error, SQL);

        assertThat(e.constraint()).isEmpty();
        assertThat(e.table()).isEmpty();
        assertThat(e.column()).isEmpty();
        assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("(constraint");
    }

    @Test
    void blankNamesCountAsUnknownAndTheDescriptionListsTheKnownOnes() {
        assertThat(new ConstraintDetails(" ", "", null).isEmpty()).isTrue();
        assertThat(ConstraintDetails.NONE.describe()).isEmpty();
        assertThat(new ConstraintDetails("uk", null, "email").describe()).isEqualTo(" (constraint uk, column email)");
        assertThat(new ConstraintDetails(null, "users", null).describe()).isEqualTo(" (table users)");
    }
}
