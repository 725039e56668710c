package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.annotation.Column;
import dev.r2orm.clause.Sql;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Multi-row inserts ({@code createAll}, {@code createInBatches}) write the same rows on every database. On PostgreSQL
 * the rows travel as one bound array per column ({@code INSERT ... SELECT * FROM unnest(CAST($1 AS text[]), ...)}),
 * unless they need the {@code VALUES} form: a {@code DEFAULT} in some rows, a field with an explicit SQL type, or a
 * single row. Elsewhere the rows always go into a {@code VALUES} list.
 */
class MultiRowInsertIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    enum Tone { LOW, HIGH }

    /** One field of every type PostgreSQL can bind as an array. */
    static class Sample {
        Long id;
        @Column(size = 40)
        String name;
        Long big;
        Integer mid;
        Short small;
        Boolean flag;
        Double ratio;
        Float share;
        @Column(precision = 12, scale = 2)
        BigDecimal price;
        Instant at;
        OffsetDateTime offsetAt;
        LocalDateTime localAt;
        LocalDate day;
        LocalTime time;
        UUID token;
        @Column(size = 10)
        Tone tone;
        long count;
        boolean done;

        Sample() {
        }

        /** Row {@code n}: every field set, or only the name when {@code n} is negative. */
        static Sample of(int n) {
            Sample s = new Sample();
            s.name = "s" + n;
            if (n < 0) {
                return s;
            }
            s.big = 10_000_000_000L + n;
            s.mid = -n;
            s.small = (short) (n % 100);
            s.flag = n % 2 == 0;
            s.ratio = n + 0.5;
            s.share = n + 0.25f;
            s.price = new BigDecimal(n + ".25");
            s.at = Instant.parse("2026-11-25T10:15:30.123456Z").plusSeconds(n);
            s.offsetAt = OffsetDateTime.of(2026, 11, 25, 10, 15, 30, 0, ZoneOffset.UTC).plusMinutes(n);
            s.localAt = LocalDateTime.of(2026, 11, 25, 10, 15, 30, 654_321_000).plusHours(n);
            s.day = LocalDate.of(2026, 1, 1).plusDays(n);
            s.time = LocalTime.of(10, 15, 30, 123_000_000).plusSeconds(n);
            s.token = new UUID(n, -n);
            s.tone = n % 2 == 0 ? Tone.HIGH : Tone.LOW;
            s.count = n;
            s.done = n % 3 == 0;
            return s;
        }
    }

    /** A model with a database default and a field whose SQL type is given explicitly. */
    static class Note {
        Long id;
        @Column(size = 40)
        String title;
        @Column(size = 20, defaultValue = "'draft'")
        String status;
        @Column(type = "varchar(30)")
        String label;
        Long weight;

        Note() {
        }

        Note(String title, String status, String label) {
            this.title = title;
            this.status = status;
            this.label = label;
        }
    }

    private static Db logging(Db db, TestDatabase target, List<Sql> inserts) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, e, rows, err, ctx) -> {
                    if (sql.sql().startsWith("INSERT")) {
                        inserts.add(sql);
                    }
                })).build());
    }

    private static void assertSameValues(Sample back, Sample sent) {
        assertThat(back.name).isEqualTo(sent.name);
        assertThat(back.big).isEqualTo(sent.big);
        assertThat(back.mid).isEqualTo(sent.mid);
        assertThat(back.small).isEqualTo(sent.small);
        assertThat(back.flag).isEqualTo(sent.flag);
        assertThat(back.ratio).isEqualTo(sent.ratio);
        assertThat(back.share).isEqualTo(sent.share);
        if (sent.price == null) {
            assertThat(back.price).isNull();
        } else {
            assertThat(back.price).isEqualByComparingTo(sent.price);
        }
        assertThat(back.at).isEqualTo(sent.at);
        assertThat(back.offsetAt == null ? null : back.offsetAt.toInstant())
                .isEqualTo(sent.offsetAt == null ? null : sent.offsetAt.toInstant());
        assertThat(back.localAt).isEqualTo(sent.localAt);
        assertThat(back.day).isEqualTo(sent.day);
        assertThat(back.time).isEqualTo(sent.time);
        assertThat(back.token).isEqualTo(sent.token);
        assertThat(back.tone).isEqualTo(sent.tone);
        assertThat(back.count).isEqualTo(sent.count);
        assertThat(back.done).isEqualTo(sent.done);
    }

    @DatabaseTest
    void everyTypeIsWrittenAsGivenNullsIncludedAndKeysComeBackInOrder(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        List<Sql> inserts = new CopyOnWriteArrayList<>();
        Db logged = logging(db, target, inserts);
        List<Sample> sent = List.of(Sample.of(1), Sample.of(-1), Sample.of(2), Sample.of(7));

        List<Sample> created = logged.createAll(sent).collectList().block(TIMEOUT);

        assertThat(created).extracting(s -> s.name).containsExactly("s1", "s-1", "s2", "s7");
        assertThat(created).extracting(s -> s.id).doesNotContainNull().isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < sent.size(); i++) {
            Sample back = db.model(Sample.class).first(created.get(i).id).block(TIMEOUT);
            assertSameValues(back, sent.get(i));
        }
        assertThat(inserts).hasSize(1);
        Sql insert = inserts.get(0);
        if (target == TestDatabase.POSTGRESQL) {
            assertThat(insert.sql()).contains("SELECT * FROM unnest(CAST($1 AS text[]),CAST($2 AS bigint[])")
                    .contains("AS timestamptz[]").contains("AS uuid[]").doesNotContain("VALUES");
            assertThat(insert.binds()).as("one array per column").hasSize(17);
        } else {
            assertThat(insert.sql()).contains(" VALUES (").doesNotContain("unnest");
            assertThat(insert.binds()).as("one value per column and row").hasSize(17 * 4);
        }
    }

    @DatabaseTest
    void createInBatchesWritesEachChunkAsOneStatementOfTheSameText(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        List<Sql> inserts = new CopyOnWriteArrayList<>();
        Db logged = logging(db, target, inserts);

        StepVerifier.create(logged.createInBatches(Flux.range(0, 250).map(Sample::of), 100).map(s -> s.id)
                        .distinct().count())
                .expectNext(250L).verifyComplete();

        assertThat(inserts).hasSize(3);
        if (target == TestDatabase.POSTGRESQL) {
            assertThat(inserts).extracting(Sql::sql).as("chunks of 100, 100 and 50 rows share one SQL text")
                    .containsOnly(inserts.get(0).sql());
        }
        StepVerifier.create(db.model(Sample.class).order("count").find().collectList())
                .assertNext(back -> {
                    assertThat(back).hasSize(250);
                    for (int i = 0; i < back.size(); i++) {
                        assertSameValues(back.get(i), Sample.of(i));
                    }
                })
                .verifyComplete();
    }

    @DatabaseTest
    void rowsThatNeedTheValuesFormStillGoIn(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Note.class).block(TIMEOUT);
        List<Sql> inserts = new CopyOnWriteArrayList<>();
        Db logged = logging(db, target, inserts);
        boolean postgres = target == TestDatabase.POSTGRESQL;

        // an explicit SQL type on a field: VALUES
        logged.createAll(List.of(new Note("a", "x", "l1"), new Note("b", "y", "l2"))).blockLast(TIMEOUT);
        // one row leaves the defaulted column to the database, the other does not: DEFAULT in VALUES
        logged.model(Note.class).omit("label")
                .createAll(List.of(new Note("c", null, null), new Note("d", "done", null))).blockLast(TIMEOUT);
        // every column plainly typed and set in each row: arrays on PostgreSQL
        logged.model(Note.class).omit("label")
                .createAll(List.of(new Note("e", "s", null), new Note("f", "t", null))).blockLast(TIMEOUT);
        // a single row: VALUES
        logged.model(Note.class).omit("label").create(new Note("g", "s", null)).block(TIMEOUT);

        assertThat(inserts).hasSize(4);
        for (int i = 0; i < inserts.size(); i++) {
            boolean arrays = postgres && i == 2;
            assertThat(inserts.get(i).sql()).as("insert %d", i)
                    .contains(arrays ? "unnest(" : " VALUES (").doesNotContain(arrays ? "VALUES" : "unnest");
        }

        List<Note> back = db.model(Note.class).order("id").find().collectList().block(TIMEOUT);
        assertThat(back).extracting(n -> n.title).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(back).extracting(n -> n.status).containsExactly("x", "y", "draft", "done", "s", "t", "s");
        assertThat(back).extracting(n -> n.label).containsExactly("l1", "l2", null, null, null, null, null);
        List<Long> ids = new ArrayList<>();
        back.forEach(n -> ids.add(n.id));
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
    }
}
