package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.BatchFailedException;
import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.InvalidModelException;
import dev.r2orm.InvalidValueException;
import dev.r2orm.Query;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.integration.HostileValues.Case;
import dev.r2orm.integration.HostileValues.Hostile;
import dev.r2orm.integration.HostileValues.HostileDoc;
import dev.r2orm.integration.HostileValues.Outcome;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A corpus of malformed and hostile values ({@link HostileValues}) written through every entry point of the model and
 * of raw SQL, on H2, PostgreSQL and MariaDB, into tables written by hand. Each value either comes back from the
 * database equal to what was written, or is refused with an {@link InvalidValueException} naming its field and column
 * ({@link BatchFailedException} around it for {@code createInBatches}), and a refused value leaves the table as it was:
 * no row, no half-written batch, no changed column. After the run every row of the table is compared with what the
 * accepted writes should have left.
 *
 * <p>What each database does with a value class, decided with the evidence of this test:
 *
 * <ul>
 *   <li>Text longer than a field's {@code @Column(size)} (counted in code points, as PostgreSQL and MariaDB count) is
 *       refused before any SQL is sent. A raw statement has no field: the database refuses it (22001, MariaDB 1406),
 *       translated to {@code InvalidValueException}. Text longer than MariaDB's {@code TEXT} (65,535 bytes) is
 *       refused by MariaDB in its strict mode.</li>
 *   <li>An unpaired surrogate is not text in any Unicode encoding: the drivers would send {@code '?'} in its place on
 *       PostgreSQL and MariaDB. It is refused in every bound value, of a model or of a raw statement or condition.</li>
 *   <li>NUL (U+0000) in text is refused before sending on PostgreSQL, which cannot store it (22021 in raw SQL); H2 and
 *       MariaDB keep it.</li>
 *   <li>NaN and the infinities round-trip in floating-point columns of PostgreSQL and H2; MariaDB has none, and they
 *       are refused, in raw statements too (its driver would write {@code NaN} into the SQL text, where it reads as a
 *       column name). A negative zero is kept by PostgreSQL only, and refused elsewhere. MariaDB's driver sends a
 *       {@code float} as decimal text that the server reads as a double ({@code Float.MAX_VALUE} was out of range and
 *       {@code FLOAT = 0.1f} never matched): floats are now bound as the double of the same value. A hand-written
 *       MariaDB {@code FLOAT} column still reads back with six significant digits (the text protocol): those cases are
 *       written and marked as changed, not compared. Into decimal and integer fields they are refused everywhere, as
 *       are fractions into integer
 *       fields, numbers outside the field's Java type, and, for fields with a declared precision, numbers with more
 *       digits before the point or more decimal places than the column keeps (PostgreSQL and MariaDB would round
 *       them). A raw statement leaves the rounding of decimal places to the database.</li>
 *   <li>Times finer than a microsecond are refused in model writes (the databases would round them); a raw
 *       statement, which commonly binds {@code Instant.now()} in a condition, leaves the rounding to the database.
 *       Years outside the dialect's range are refused, in raw statements too (MariaDB keeps years 1 to 9999 in {@code DATE} and
 *       {@code DATETIME}; PostgreSQL 4713 BC to 294276 AD); durations outside MariaDB's {@code TIME} range (838:59:59)
 *       are refused there.</li>
 *   <li>An {@code OffsetDateTime} keeps its instant, not its offset: it reads back in UTC ({@code timestamptz},
 *       {@code datetime}); the comparison is by instant.</li>
 *   <li>Refusals the database makes (a MariaDB {@code TEXT} or {@code BLOB} over 65,535 bytes, H2's length of fifty
 *       emoji counted in UTF-16 units, malformed JSON on PostgreSQL) are {@code InvalidValueException}s naming the
 *       column when the database does; MariaDB's data errors, which its driver classed as lost connections, are now
 *       translated as such.</li>
 *   <li>H2 has no codec for {@code BigInteger} and refuses a {@code BigDecimal} of negative scale with an error of
 *       its own: both are bound as the equal {@code BigDecimal} of scale 0, and read back.</li>
 *   <li>Conditions: each value is matched with {@code where(map)}, {@code where("col = ?")} and raw SQL; a value of
 *       another type than the column is not (PostgreSQL answers 42883, an untyped {@code R2ormException}). A
 *       statement with more bind values than the database takes is refused with
 *       {@code UnsupportedByDialectException}; H2's recursive parser may run out of stack on a deeply nested
 *       condition, which is the same exception.</li>
 *   <li>A map value of another type than its field is accepted when it converts exactly (an {@code int} into a
 *       {@code Long}, a whole {@code double} into an {@code Integer}, a label into an enum) and refused otherwise.</li>
 * </ul>
 */
class HostileValueCorpusIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The ways a value is written. */
    private enum Entry {
        CREATE("create"), CREATE_ALL("createAll"), CREATE_IN_BATCHES("createInBatches"), SAVE("save"),
        UPDATES_MAP("updates(map)"), UPDATE_COLUMN("update(column,value)"), CREATE_MAP("create(map)"),
        FIRST_OR_CREATE("attrs.firstOrCreate"), EXEC("exec");

        final String label;

        Entry(String label) {
            this.label = label;
        }

        boolean entity() {
            return this == CREATE || this == CREATE_ALL || this == CREATE_IN_BATCHES || this == SAVE;
        }
    }

    /** The ways a value is read back as a condition. */
    private enum Read { WHERE_MAP, WHERE_ARGS, RAW }

    /** What one row of the table must hold: the case's field equal to {@code value}, every other field unset. */
    private record Expected(Case c, @Nullable Object value, boolean anyValue) {
    }

    private static final class Run {
        final Db db;
        final TestDatabase target;
        final Schema schema;
        final Class<?> model;
        final String table;
        final List<String> failures = new ArrayList<>();
        final Map<String, Expected> rows = new TreeMap<>();
        final Map<String, Integer> tally = new TreeMap<>();
        int operations;

        Run(Db kit, TestDatabase target, Class<?> model) {
            // the refusals are expected: keep them out of the build log
            this.db = Db.open(kit.connectionFactory(), target.configure(Config.builder()
                    .logger((sql, elapsed, rows, error, context) -> { })).build());
            this.target = target;
            this.model = model;
            this.schema = db.schema(model);
            this.table = schema.table();
        }

        void fail(Case c, String where, String what) {
            failures.add("[" + target.displayName() + "] " + c + " via " + where + ": " + what);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Field field(Run run, Case c) {
        return run.schema.lookup(c.field());
    }

    private static Object entity(Run run, String tag, @Nullable Case c) {
        try {
            Object e = run.model.getDeclaredConstructor().newInstance();
            run.schema.lookup("tag").set(e, tag);
            if (c != null) {
                field(run, c).set(e, c.value());
            }
            return e;
        } catch (ReflectiveOperationException x) {
            throw new IllegalStateException(x);
        }
    }

    private static Map<String, @Nullable Object> map(String key, @Nullable Object value) {
        Map<String, @Nullable Object> m = new HashMap<>();
        m.put(key, value);
        return m;
    }

    /** The value a field holds when nothing was written to it: null, or a primitive's zero. */
    private static @Nullable Object unset(Run run, Field f) {
        return f.get(entity(run, "x", null));
    }

    private static boolean same(@Nullable Object expected, @Nullable Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof byte[] b) {
            return actual instanceof byte[] a && Arrays.equals(a, b);
        }
        if (expected instanceof BigDecimal d) {
            return actual instanceof BigDecimal a && a.compareTo(d) == 0;
        }
        if (expected instanceof OffsetDateTime o) {
            return actual instanceof OffsetDateTime a && a.toInstant().equals(o.toInstant());
        }
        return expected.equals(actual);
    }

    /** A value, printable and short. */
    private static String show(@Nullable Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[] b) {
            return "byte[" + b.length + "]";
        }
        String s = String.valueOf(v);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 40); i++) {
            char ch = s.charAt(i);
            out.append(ch >= 0x20 && ch < 0x7f ? String.valueOf(ch) : String.format("\\u%04X", (int) ch));
        }
        return out + (s.length() > 40 ? "...(" + s.length() + " chars)" : "") + " (" + v.getClass().getSimpleName()
                + ")";
    }

    private static String describe(Throwable e) {
        return e.getClass().getName() + ": " + e.getMessage() + (e.getCause() == null ? ""
                : " / cause " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage());
    }

    private static @Nullable Throwable attempt(Mono<?> work) {
        try {
            work.block(TIMEOUT);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    // ---------------------------------------------------------------- one write

    /** The rows an entry point writes for a case, by tag: whether each holds the value (else unset). */
    private static Map<String, Boolean> rowsOf(Entry entry, String tag) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        switch (entry) {
            case CREATE_ALL -> {
                out.put(tag + "a", false);
                out.put(tag + "b", true);
                out.put(tag + "c", false);
            }
            case CREATE_IN_BATCHES -> {
                out.put(tag + "a", false);
                out.put(tag + "b", false);
                out.put(tag + "c", true);
                out.put(tag + "d", false);
            }
            default -> out.put(tag, true);
        }
        return out;
    }

    private static Mono<?> write(Run run, Entry entry, Case c, String tag, Map<String, Object> bases) {
        Db db = run.db;
        Field f = field(run, c);
        Query<?> model = db.model(run.model);
        return switch (entry) {
            case CREATE -> db.create(entity(run, tag, c));
            case CREATE_ALL -> db.createAll(List.of(entity(run, tag + "a", null), entity(run, tag + "b", c),
                    entity(run, tag + "c", null))).then();
            case CREATE_IN_BATCHES -> db.createInBatches(Flux.just(entity(run, tag + "a", null),
                    entity(run, tag + "b", null), entity(run, tag + "c", c), entity(run, tag + "d", null)), 2).then();
            case SAVE -> {
                Object base = bases.get(tag);
                f.set(base, c.value());
                yield db.save(base);
            }
            case UPDATES_MAP -> model.where("tag = ?", tag).updates(map(c.field(), c.value()));
            case UPDATE_COLUMN -> model.where("tag = ?", tag).update(f.column(), c.value());
            case CREATE_MAP -> {
                Map<String, @Nullable Object> m = map(c.field(), c.value());
                m.put("tag", tag);
                yield model.create(m);
            }
            case FIRST_OR_CREATE -> model.where(Map.of("tag", tag)).attrs(map(c.field(), c.value())).firstOrCreate();
            case EXEC -> c.value() == null
                    ? db.exec("INSERT INTO " + run.table + " (tag, " + f.column() + ") VALUES (?, NULL)", tag)
                    : db.exec("INSERT INTO " + run.table + " (tag, " + f.column() + ") VALUES (?, "
                            + (run.table.equals("hostile_docs") && f.name().equals("doc") ? "CAST(? AS jsonb)" : "?")
                            + ")", tag, c.value());
        };
    }

    /** Writes a case through one entry point and checks the outcome; records the rows it must have left. */
    private static void writeOne(Run run, Case c, Entry entry, String tag, Map<String, Object> bases) {
        Outcome expected = entry == Entry.EXEC ? c.rawOn(run.target) : c.on(run.target);
        boolean any = expected == null;
        run.operations++;
        Throwable error = attempt(write(run, entry, c, tag, bases));
        String where = entry.label;
        Map<String, Boolean> rows = rowsOf(entry, tag);
        boolean preexisting = entry == Entry.SAVE || entry == Entry.UPDATES_MAP || entry == Entry.UPDATE_COLUMN;
        Object stored = c.stored() != null ? c.stored() : c.value();
        if (error == null) {
            run.tally.merge(run.target.displayName() + " written", 1, Integer::sum);
            if (expected == Outcome.REFUSED) {
                run.fail(c, where, "expected a refusal, but " + show(c.value()) + " was written");
            }
            rows.forEach((t, holds) -> run.rows.put(t, new Expected(c, holds ? stored : null, holds && any)));
            return;
        }
        run.tally.merge(run.target.displayName() + " refused", 1, Integer::sum);
        if (expected == Outcome.ROUND_TRIP) {
            run.fail(c, where, "expected a round trip, got " + describe(error));
        } else {
            checkRefusal(run, c, entry, error);
        }
        if (preexisting) {
            run.rows.put(tag, new Expected(c, null, false));
        } else if (entry == Entry.CREATE_IN_BATCHES) {
            // the first chunk committed on its own; the failing chunk left nothing
            run.rows.put(tag + "a", new Expected(c, null, false));
            run.rows.put(tag + "b", new Expected(c, null, false));
        }
    }

    private static void checkRefusal(Run run, Case c, Entry entry, Throwable error) {
        Throwable e = error;
        if (entry == Entry.CREATE_IN_BATCHES) {
            if (!(e instanceof BatchFailedException b) || b.chunk() != 1) {
                run.fail(c, entry.label, "expected BatchFailedException of chunk 1, got " + describe(error));
                return;
            }
            e = e.getCause();
        }
        if (!(e instanceof InvalidValueException v)) {
            run.fail(c, entry.label, "expected InvalidValueException, got " + describe(e));
            return;
        }
        Field f = field(run, c);
        String message = String.valueOf(v.getMessage());
        if (c.value() instanceof String s && s.length() > 3 && message.contains(s)) {
            run.fail(c, entry.label, "the message quotes the value: " + message);
        }
        if (entry == Entry.EXEC || c.reason() == null) {
            // refused by the database: it names the column when it says one
            if (v.column().isPresent() && !v.column().get().equalsIgnoreCase(f.column())) {
                run.fail(c, entry.label, "names column " + v.column().get() + ": " + message);
            }
            return;
        }
        if (!v.field().equals(java.util.Optional.of(f.name())) || !v.column().equals(java.util.Optional.of(f.column()))
                || !message.startsWith("invalid value for field " + f.name() + " (column " + f.column() + "): ")) {
            run.fail(c, entry.label, "expected a refusal naming field " + f.name() + " and column " + f.column()
                    + ", got field " + v.field() + ", column " + v.column() + ": " + message);
        } else if (c.reason() != null && Arrays.stream(c.reason().split("\\|")).noneMatch(message::contains)) {
            run.fail(c, entry.label, "expected the refusal to say '" + c.reason() + "': " + message);
        }
    }

    // ---------------------------------------------------------------- reads

    private static Mono<Long> read(Run run, Read how, Case c, String tag) {
        Field f = field(run, c);
        Query<?> model = run.db.model(run.model);
        return switch (how) {
            case WHERE_MAP -> {
                Map<String, @Nullable Object> m = map(c.field(), c.value());
                m.put("tag", tag);
                yield model.where(m).count();
            }
            case WHERE_ARGS -> c.value() == null ? model.where("tag = ? AND " + f.column() + " IS NULL", tag).count()
                    : model.where("tag = ? AND " + f.column() + " = ?", tag, c.value()).count();
            case RAW -> c.value() == null
                    ? run.db.raw("SELECT count(*) FROM " + run.table + " WHERE tag = ? AND " + f.column()
                            + " IS NULL", tag).scan(Long.class).single()
                    : run.db.raw("SELECT count(*) FROM " + run.table + " WHERE tag = ? AND " + f.column() + " = ?",
                            tag, c.value()).scan(Long.class).single();
        };
    }

    /**
     * Reads the value back as a condition: the row written by {@code create} matches it once, a refused value matches
     * nothing; a condition may also be refused with a typed error.
     */
    private static void readOne(Run run, Case c, Read how, String tag, boolean stored) {
        run.operations++;
        long[] count = {-1};
        Throwable error = attempt(read(run, how, c, tag).doOnNext(n -> count[0] = n));
        if (error != null) {
            Throwable e = error;
            if (!(e instanceof InvalidValueException) || c.on(run.target) == Outcome.ROUND_TRIP) {
                run.fail(c, how.name(), "the condition failed with " + describe(e));
            }
            return;
        }
        if (c.field().equals("doc") || c.field().equals("labels")) {
            return;
        }
        long want = stored ? 1 : 0;
        if (count[0] != want && !conditionMayDiffer(run, c, stored)) {
            run.fail(c, how.name(), "the condition matched " + count[0] + " rows, expected " + want);
        }
    }

    /**
     * Conditions that cannot match exactly: a comparison of a value the database cannot hold with the column (a
     * refused value that the database's comparison rounds to one that is stored).
     */
    private static boolean conditionMayDiffer(Run run, Case c, boolean stored) {
        return !stored || c.on(run.target) == null;
    }

    // ---------------------------------------------------------------- the run

    private static void runCases(Run run, List<Case> cases, Set<Entry> entries, Set<Read> reads) {
        // the rows that save, updates and update change, created first in one statement
        List<Object> baseRows = new ArrayList<>();
        List<String> baseTags = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            for (Entry e : List.of(Entry.SAVE, Entry.UPDATES_MAP, Entry.UPDATE_COLUMN)) {
                if (entries.contains(e) && (!cases.get(i).mapOnly() || !e.entity())) {
                    String tag = tag(i, e);
                    baseRows.add(entity(run, tag, null));
                    baseTags.add(tag);
                }
            }
        }
        Map<String, Object> bases = new HashMap<>();
        run.db.createAll(baseRows).blockLast(TIMEOUT);
        for (int i = 0; i < baseRows.size(); i++) {
            bases.put(baseTags.get(i), baseRows.get(i));
        }
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            for (Entry e : entries) {
                if (c.mapOnly() && (e.entity() || e == Entry.EXEC)) {
                    continue;
                }
                writeOne(run, c, e, tag(i, e), bases);
            }
            if (c.mapOnly()) {
                // a condition comparing a column with a value of another type is the database's to type-check
                continue;
            }
            String created = tag(i, Entry.CREATE);
            boolean stored = run.rows.containsKey(created) && run.rows.get(created).value() != null
                    || c.value() == null;
            for (Read r : reads) {
                readOne(run, c, r, created, stored);
            }
        }
    }

    private static String tag(int i, Entry e) {
        return "c" + i + "." + e.ordinal();
    }

    /** Every row of the table against what the accepted writes left: the case's field, and every other unset. */
    private static void checkTable(Run run) {
        List<?> all = run.db.model(run.model).order("id").find().collectList().block(TIMEOUT);
        Field tagField = run.schema.lookup("tag");
        Map<String, Object> byTag = new TreeMap<>();
        for (Object row : all) {
            String tag = (String) tagField.get(row);
            if (byTag.put(tag, row) != null) {
                run.failures.add("[" + run.target.displayName() + "] two rows tagged " + tag);
            }
        }
        if (!byTag.keySet().equals(run.rows.keySet())) {
            Set<String> extra = new java.util.TreeSet<>(byTag.keySet());
            extra.removeAll(run.rows.keySet());
            Set<String> missing = new java.util.TreeSet<>(run.rows.keySet());
            missing.removeAll(byTag.keySet());
            run.failures.add("[" + run.target.displayName() + "] rows not as written: extra " + extra + ", missing "
                    + missing);
        }
        for (Map.Entry<String, Object> r : byTag.entrySet()) {
            Expected want = run.rows.get(r.getKey());
            if (want == null) {
                continue;
            }
            for (Field f : run.schema.fields()) {
                if (f.isPrimaryKey() || f.name().equals("tag")) {
                    continue;
                }
                Object actual = f.get(r.getValue());
                boolean theField = f.name().equals(want.c().field());
                if (theField && want.anyValue()) {
                    continue;
                }
                Object expected = theField && want.value() != null ? want.value() : unset(run, f);
                if (!same(expected, actual)) {
                    run.failures.add("[" + run.target.displayName() + "] " + want.c() + " row " + r.getKey()
                            + " field " + f.name() + ": expected " + show(expected) + ", read back " + show(actual));
                }
            }
        }
        long count = run.db.raw("SELECT count(*) FROM " + run.table).scan(Long.class).single().block(TIMEOUT);
        assertThat(count).as("[%s] rows in %s", run.target.displayName(), run.table).isEqualTo(run.rows.size());
    }

    private static void report(Run run, int cases) {
        System.out.println("[" + run.target.displayName() + "] " + run.table + ": " + cases + " values, "
                + run.operations + " operations, " + run.tally + ", " + run.failures.size() + " failures");
        assertThat(run.failures).as("[%s] hostile values", run.target.displayName()).isEmpty();
    }

    // ---------------------------------------------------------------- tests

    @DatabaseTest
    void everyHostileValueRoundTripsOrIsRefusedTypedThroughEveryEntryPoint(Db db, TestDatabase target) {
        db.exec(HostileValues.ddl(target)).block(TIMEOUT);
        Run run = new Run(db, target, Hostile.class);
        List<Case> cases = HostileValues.all();
        runCases(run, cases, EnumSet.allOf(Entry.class), EnumSet.allOf(Read.class));
        checkTable(run);
        report(run, cases.size());
    }

    @DatabaseTest(TestDatabase.POSTGRESQL)
    void jsonAndArrayValuesRoundTripOrAreRefusedTyped(Db db, TestDatabase target) {
        db.exec(HostileValues.DOCS_DDL).block(TIMEOUT);
        Run run = new Run(db, target, HostileDoc.class);
        List<Case> cases = HostileValues.documents();
        runCases(run, cases, EnumSet.of(Entry.CREATE, Entry.CREATE_ALL, Entry.SAVE, Entry.UPDATES_MAP,
                Entry.UPDATE_COLUMN, Entry.CREATE_MAP), EnumSet.noneOf(Read.class));
        checkTable(run);
        report(run, cases.size());
    }

    /** A character field has no column type: the model is refused when first used, naming the field. */
    static class Letter {
        Long id;
        char letter;
    }

    @DatabaseTest
    void aCharacterFieldIsRefusedAsAMappingError(Db db) {
        StepVerifier.create(db.create(new Letter()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                        .hasMessageContaining("letter"))
                .verify(TIMEOUT);
    }

    /**
     * Deep nesting and long lists in conditions: hostile values inside 200 nested groups, inside 500 nested
     * parentheses of a raw condition, and in IN lists of 10,000 and 70,000 values (past one statement's bind limit on
     * PostgreSQL and MariaDB). Each either gives the right count or fails typed; the table is unchanged.
     */
    @DatabaseTest
    void deepConditionsAndLongInListsAreBoundOrRefusedTyped(Db db, TestDatabase target) {
        db.exec(HostileValues.ddl(target)).block(TIMEOUT);
        List<String> tags = List.of("'; DROP TABLE hostile_values; --", "a\\", "$1", "?", "x\u00A0", "\uD83D\uDE00");
        List<Hostile> rows = new ArrayList<>();
        for (String t : tags) {
            Hostile h = new Hostile();
            h.tag = t;
            h.body = t;
            rows.add(h);
        }
        db.createAll(rows).blockLast(TIMEOUT);
        Query<Hostile> q = db.model(Hostile.class);

        UnaryOperator<Query<Hostile>> nested = g -> g.where("tag = ?", tags.get(0));
        for (int i = 0; i < 200; i++) {
            UnaryOperator<Query<Hostile>> inner = nested;
            nested = g -> g.where(inner).or("body = ?", "never");
        }
        countOrTooDeep(q.where(nested).count(), 1L, target);
        String parens = "(".repeat(500) + "tag = ?" + ")".repeat(500);
        countOrTooDeep(q.where(parens, tags.get(1)).count(), 1L, target);
        StepVerifier.create(q.where("(".repeat(50) + "tag = ?" + ")".repeat(50), tags.get(1)).count())
                .expectNext(1L).verifyComplete();

        List<String> ten = new ArrayList<>(tags);
        for (int i = 0; i < 10_000; i++) {
            ten.add("'" + i + "\\");
        }
        StepVerifier.create(q.where("tag IN ?", ten).count()).expectNext((long) tags.size()).verifyComplete();
        StepVerifier.create(q.where(Map.of("tag", ten)).count()).expectNext((long) tags.size()).verifyComplete();

        List<String> seventy = new ArrayList<>(ten);
        for (int i = 0; i < 60_000; i++) {
            seventy.add("\"" + i);
        }
        StepVerifier.create(q.where("tag IN ?", seventy).count())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnsupportedByDialectException.class)
                        .hasMessageContaining("binds 70006 values, more than the 65535"))
                .verify(TIMEOUT);

        StepVerifier.create(q.count()).expectNext((long) tags.size()).verifyComplete();
        StepVerifier.create(q.order("id").pluck("tag", String.class).collectList()).expectNext(tags).verifyComplete();
    }

    /**
     * The count of a deeply nested condition; on H2, which parses recursively on the caller's stack, the statement
     * may instead be refused as too deep, typed (how deep depends on the thread's stack).
     */
    private static void countOrTooDeep(Mono<Long> count, long expected, TestDatabase target) {
        try {
            assertThat(count.block(TIMEOUT)).isEqualTo(expected);
        } catch (UnsupportedByDialectException e) {
            assertThat(target).isEqualTo(TestDatabase.H2);
            assertThat(e).hasMessageContaining("nested this deeply");
        }
    }
}
