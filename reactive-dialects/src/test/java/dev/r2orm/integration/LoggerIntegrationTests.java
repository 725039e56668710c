package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.annotation.Column;
import dev.r2orm.clause.Sql;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import io.r2dbc.spi.Result;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SQL a logger receives with its values inlined ({@link Sql#inlined()}) is what the log shows for pasting into a
 * console: run back on the raw connection, it must do what the bound statement did on every database.
 */
class LoggerIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A string with a quote and a backslash: the backslash is an escape in MySQL's string literals. */
    private static final String NAME = "O'Brien \\ x";

    /** Every literal kind the test checks: text, integer, boolean, decimal, date, instant, local
     * date-time (on a whole minute: {@code LocalDateTime.toString()} would drop the seconds). */
    static class Reading {
        Long id;
        @Column(size = 100)
        String name;
        int n;
        boolean flag;
        @Column(precision = 12, scale = 2)
        BigDecimal amount;
        LocalDate due;
        Instant seenAt;
        LocalDateTime takenAt;

        Reading() {
        }

        Reading(String name, int n, boolean flag, BigDecimal amount, LocalDate due, Instant seenAt,
                LocalDateTime takenAt) {
            this.name = name;
            this.n = n;
            this.flag = flag;
            this.amount = amount;
            this.due = due;
            this.seenAt = seenAt;
            this.takenAt = takenAt;
        }
    }

    private static Reading sample() {
        return new Reading(NAME, -42, true, new BigDecimal("1234.50"), LocalDate.of(2026, 11, 25),
                Instant.parse("2026-11-25T10:00:00.123456Z"), LocalDateTime.of(2026, 11, 25, 10, 0));
    }

    /** A second Db on the same pool whose logger keeps every statement it is given. */
    private static Db capturing(Db db, TestDatabase target, List<Sql> logged) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, elapsed, rows, error, ctx) -> logged.add(sql))).build());
    }

    /** Runs SQL text as it is, on a connection of the test's pool, and gives each result's row count or ids. */
    private static List<Long> runRaw(Db db, String sql, boolean ids) {
        return Flux.usingWhen(Mono.<Connection>from(db.connectionFactory().create()),
                c -> Flux.from(c.createStatement(sql).execute())
                        .flatMap((Result r) -> ids
                                ? r.map((row, md) -> row.get("id", Long.class))
                                : r.getRowsUpdated()),
                Connection::close)
                .collectList()
                .block(TIMEOUT);
    }

    private static Sql last(List<Sql> logged, String prefix) {
        return logged.stream().filter(s -> s.sql().startsWith(prefix)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + prefix + " statement logged: " + logged));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void theInlinedSelectRunsAndFindsTheSameRow(Db db, TestDatabase target) {
        List<Sql> logged = new CopyOnWriteArrayList<>();
        Db logging = capturing(db, target, logged);
        logging.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        Reading r = sample();
        logging.create(r).block(TIMEOUT);
        Reading decoy = sample();
        decoy.name = "O'Brien \\\\ x";
        logging.create(decoy).block(TIMEOUT);

        Reading s = sample();
        List<Reading> found = logging.model(Reading.class)
                .where("name = ? AND n = ? AND flag = ? AND amount = ? AND due = ? AND seen_at = ? AND taken_at = ?",
                        s.name, s.n, s.flag, s.amount, s.due, s.seenAt, s.takenAt)
                .find().collectList().block(TIMEOUT);
        assertThat(found).extracting(x -> x.id).containsExactly(r.id);

        Sql select = last(logged, "SELECT");
        String inlined = select.inlined();
        assertThat(select.binds()).hasSize(7);
        assertThat(inlined).doesNotContain("?").doesNotContain("$1").contains("1234.50").contains("2026-11-25");
        assertThat(runRaw(db, inlined, true)).containsExactly(r.id);
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void theInlinedInsertRunsAndStoresTheSameValues(Db db, TestDatabase target) {
        List<Sql> logged = new CopyOnWriteArrayList<>();
        Db logging = capturing(db, target, logged);
        logging.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        Reading r = sample();
        logging.create(r).block(TIMEOUT);

        String inlined = last(logged, "INSERT").inlined();
        assertThat(inlined).doesNotContain("?").doesNotContain("$1");
        assertThat(runRaw(db, inlined, false)).containsExactly(1L);

        List<Reading> rows = logging.model(Reading.class).order("id").find().collectList().block(TIMEOUT);
        assertThat(rows).hasSize(2);
        Reading copy = rows.get(1);
        assertThat(copy.id).isNotEqualTo(r.id);
        assertThat(copy.name).isEqualTo(NAME);
        assertThat(copy.n).isEqualTo(-42);
        assertThat(copy.flag).isTrue();
        assertThat(copy.amount).isEqualByComparingTo("1234.50");
        assertThat(copy.due).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(copy.takenAt).isEqualTo(LocalDateTime.of(2026, 11, 25, 10, 0));
        assertThat(copy.seenAt).isEqualTo(Instant.parse("2026-11-25T10:00:00.123456Z"));
    }

    /** A driver {@code Parameter} bind is logged as its value, and the logged line runs as the statement did. */
    @DatabaseTest
    void aDriverParameterIsInlinedByItsValue(Db db, TestDatabase target) {
        List<Sql> logged = new CopyOnWriteArrayList<>();
        Db logging = capturing(db, target, logged);
        logging.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        Reading r = logging.create(sample()).block(TIMEOUT);

        List<Reading> found = logging.model(Reading.class)
                .where("name = ? AND n = ?", Parameters.in(R2dbcType.VARCHAR, NAME), Parameters.in(R2dbcType.INTEGER, -42))
                .find().collectList().block(TIMEOUT);
        assertThat(found).extracting(x -> x.id).containsExactly(r.id);

        String inlined = last(logged, "SELECT").inlined();
        assertThat(inlined).doesNotContain("In{").contains("-42");
        assertThat(runRaw(db, inlined, true)).containsExactly(r.id);
    }
}
