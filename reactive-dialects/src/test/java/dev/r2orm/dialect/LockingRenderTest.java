package dev.r2orm.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Statement;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.From;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.Locking;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Where;
import dev.r2orm.dialect.h2.H2Dialect;
import dev.r2orm.dialect.mysql.MySqlDialect;
import dev.r2orm.dialect.postgres.PostgresDialect;
import io.r2dbc.spi.ConnectionMetadata;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LockingRenderTest {

    private static final Dialect PG = new PostgresDialect();
    private static final Dialect MYSQL = MySqlDialect.mysql();
    private static final Dialect MARIADB = MySqlDialect.mariaDb();
    private static final Dialect H2 = new H2Dialect();

    private static Sql render(Dialect dialect, Locking locking) {
        SqlWriter w = new SqlWriter(dialect);
        locking.build(w);
        return w.toSql();
    }

    static Stream<Arguments> supported() {
        return Stream.of(
                Arguments.of(PG, Locking.forUpdate(), "FOR UPDATE"),
                Arguments.of(PG, Locking.forUpdate().noWait(), "FOR UPDATE NOWAIT"),
                Arguments.of(PG, Locking.forUpdate().skipLocked(), "FOR UPDATE SKIP LOCKED"),
                Arguments.of(PG, Locking.forShare(), "FOR SHARE"),
                Arguments.of(PG, Locking.forShare().noWait(), "FOR SHARE NOWAIT"),
                Arguments.of(PG, Locking.forShare().skipLocked(), "FOR SHARE SKIP LOCKED"),
                Arguments.of(PG, Locking.forUpdate().of("users"), "FOR UPDATE OF \"users\""),
                Arguments.of(PG, Locking.forShare().of("users"), "FOR SHARE OF \"users\""),
                Arguments.of(PG, Locking.forUpdate().of("users", "orders").noWait(),
                        "FOR UPDATE OF \"users\",\"orders\" NOWAIT"),
                Arguments.of(PG, Locking.forShare().skipLocked().of("u"), "FOR SHARE OF \"u\" SKIP LOCKED"),

                Arguments.of(MYSQL, Locking.forUpdate(), "FOR UPDATE"),
                Arguments.of(MYSQL, Locking.forUpdate().noWait(), "FOR UPDATE NOWAIT"),
                Arguments.of(MYSQL, Locking.forUpdate().skipLocked(), "FOR UPDATE SKIP LOCKED"),
                Arguments.of(MYSQL, Locking.forShare(), "FOR SHARE"),
                Arguments.of(MYSQL, Locking.forShare().noWait(), "FOR SHARE NOWAIT"),
                Arguments.of(MYSQL, Locking.forShare().skipLocked(), "FOR SHARE SKIP LOCKED"),

                Arguments.of(MARIADB, Locking.forUpdate(), "FOR UPDATE"),
                Arguments.of(MARIADB, Locking.forUpdate().noWait(), "FOR UPDATE NOWAIT"),
                Arguments.of(MARIADB, Locking.forUpdate().skipLocked(), "FOR UPDATE SKIP LOCKED"),
                Arguments.of(MARIADB, Locking.forShare(), "LOCK IN SHARE MODE"),
                Arguments.of(MARIADB, Locking.forShare().noWait(), "LOCK IN SHARE MODE NOWAIT"),
                Arguments.of(MARIADB, Locking.forShare().skipLocked(), "LOCK IN SHARE MODE SKIP LOCKED"),

                Arguments.of(H2, Locking.forUpdate(), "FOR UPDATE"),
                Arguments.of(H2, Locking.forUpdate().noWait(), "FOR UPDATE NOWAIT"),
                Arguments.of(H2, Locking.forUpdate().skipLocked(), "FOR UPDATE SKIP LOCKED"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("supported")
    void rendersEachSupportedFormWithoutBinds(Dialect dialect, Locking locking, String expected) {
        Sql sql = render(dialect, locking);

        assertThat(sql.sql()).isEqualTo(expected);
        assertThat(sql.binds()).isEmpty();
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of(H2, Locking.forShare(), "H2", "FOR SHARE"),
                Arguments.of(H2, Locking.forShare().noWait(), "H2", "FOR SHARE"),
                Arguments.of(H2, Locking.forShare().skipLocked(), "H2", "FOR SHARE"),
                Arguments.of(H2, Locking.forUpdate().of("users"), "H2", "FOR UPDATE OF"),
                Arguments.of(MYSQL, Locking.forUpdate().of("users"), "MySQL", "FOR UPDATE OF"),
                Arguments.of(MYSQL, Locking.forShare().of("users").noWait(), "MySQL", "FOR SHARE OF"),
                Arguments.of(MARIADB, Locking.forUpdate().of("users"), "MariaDB", "FOR UPDATE OF"),
                Arguments.of(MARIADB, Locking.forShare().of("users"), "MariaDB", "FOR SHARE OF"));
    }

    @ParameterizedTest(name = "{2}: {3}")
    @MethodSource("unsupported")
    void unsupportedFormFailsAtRenderNamingTheDialectAndTheFeature(Dialect dialect, Locking locking, String name,
            String feature) {
        assertThatThrownBy(() -> render(dialect, locking))
                .isInstanceOf(UnsupportedByDialectException.class)
                .hasMessageStartingWith(name + " does not support ")
                .hasMessageContaining(feature);
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of(PG, "SELECT * FROM \"jobs\" WHERE state = $1 ORDER BY \"id\" LIMIT 10"
                        + " FOR UPDATE SKIP LOCKED"),
                Arguments.of(MYSQL, "SELECT * FROM `jobs` WHERE state = ? ORDER BY `id` LIMIT 10"
                        + " FOR UPDATE SKIP LOCKED"),
                Arguments.of(MARIADB, "SELECT * FROM `jobs` WHERE state = ? ORDER BY `id` LIMIT 10"
                        + " FOR UPDATE SKIP LOCKED"),
                Arguments.of(H2, "SELECT * FROM \"jobs\" WHERE state = $1 ORDER BY \"id\" LIMIT 10"
                        + " FOR UPDATE SKIP LOCKED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void lockComesLastInAQueryAfterTheLimit(Dialect dialect, String expected) {
        Statement query = Statement.of("jobs", null)
                .with(Locking.forUpdate().skipLocked())
                .with(new Limit(10, 0))
                .with(Select.ALL)
                .with(new From("jobs"))
                .with(Where.of(Expr.of("state = ?", "queued")))
                .with(new OrderBy(List.of(new OrderBy.Item(Column.of("id"), false))));

        Sql sql = query.render(dialect, Statement.SELECT);

        assertThat(sql.sql()).isEqualTo(expected);
        assertThat(sql.binds()).containsExactly("queued");
    }

    @Test
    void aLaterLockReplacesTheEarlierOne() {
        Statement query = Statement.of("jobs", null).with(Select.ALL).with(new From("jobs"))
                .with(Locking.forShare())
                .with(Locking.forUpdate().noWait());

        assertThat(query.clause("FOR")).isEqualTo(Locking.forUpdate().noWait());
        assertThat(query.render(PG, Statement.SELECT).sql()).isEqualTo("SELECT * FROM \"jobs\" FOR UPDATE NOWAIT");
    }

    @Test
    void clauseIsAnImmutableValueInTheForSlot() {
        Locking base = Locking.forUpdate();
        Locking skip = base.skipLocked();

        assertThat(base.name()).isEqualTo("FOR");
        assertThat(base).isEqualTo(new Locking(Locking.Strength.UPDATE, Locking.Wait.WAIT, List.of()));
        assertThat(skip.options()).isEqualTo(Locking.Wait.SKIP_LOCKED);
        assertThat(base.options()).isEqualTo(Locking.Wait.WAIT);
        assertThat(skip.of("a").of("b").tables()).containsExactly("b");
        assertThat(skip.of("a").noWait()).isEqualTo(new Locking(Locking.Strength.UPDATE, Locking.Wait.NOWAIT,
                List.of("a")));
    }

    @Test
    void argumentsAreChecked() {
        assertThatNullPointerException()
                .isThrownBy(() -> new Locking(null, Locking.Wait.WAIT, List.of()))
                .withMessage("strength must not be null");
        assertThatNullPointerException()
                .isThrownBy(() -> new Locking(Locking.Strength.UPDATE, null, List.of()))
                .withMessage("options must not be null");
        assertThatNullPointerException()
                .isThrownBy(() -> Locking.forUpdate().of("a", null))
                .withMessage("table must not be null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Locking.forUpdate().of(""))
                .withMessage("a table name of FOR ... OF must not be empty");
    }

    @Test
    void ofTableIsQuotedSoAnInvalidNameIsRejectedByTheDialect() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> render(PG, Locking.forUpdate().of("a\"b")))
                .withMessageContaining("PostgreSQL");
    }

    private static ConnectionMetadata metadata(String product, String version) {
        return new ConnectionMetadata() {
            @Override
            public String getDatabaseProductName() {
                return product;
            }

            @Override
            public String getDatabaseVersion() {
                return version;
            }
        };
    }

    @Test
    void theRefinedMySqlDialectSharesTheServersWay() {
        Dialect maria = new MySqlDialect().refine(metadata("MariaDB", "5.5.5-10.11.19-MariaDB-0+deb12u1"));
        Dialect oldMaria = new MySqlDialect().refine(metadata("MariaDB", "10.4.3-MariaDB"));
        Dialect mysql = new MySqlDialect().refine(metadata("MySQL", "8.0.36"));

        assertThat(render(maria, Locking.forShare()).sql()).isEqualTo("LOCK IN SHARE MODE");
        assertThat(render(oldMaria, Locking.forShare()).sql()).isEqualTo("LOCK IN SHARE MODE");
        assertThat(render(mysql, Locking.forShare()).sql()).isEqualTo("FOR SHARE");
    }
}
