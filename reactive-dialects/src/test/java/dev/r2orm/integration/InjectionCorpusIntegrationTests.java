package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.InvalidValueException;
import dev.r2orm.Named;
import dev.r2orm.Query;
import dev.r2orm.R2ormException;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Table;
import dev.r2orm.clause.Sql;
import dev.r2orm.integration.QueryModels.Customer;
import dev.r2orm.integration.QueryModels.Purchase;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * An injection corpus run through every string entry point of the query API, on H2, PostgreSQL and MariaDB.
 *
 * <p>Strings given where only names belong ({@code order}, {@code select}, {@code group}, {@code pluck},
 * {@code distinct}, {@code omit}, {@code table}, and the keys of {@code where}/{@code not}/{@code updates}/
 * {@code create}/{@code attrs}/{@code assign} maps) are either column references of the documented grammar
 * ({@code name}, {@code table.name}, {@code name desc}, {@code name as alias}, {@code count(*)}-style aggregates), which
 * are quoted and may then fail in the database with a typed {@link R2ormException} (unknown column or table), or are
 * refused with an {@link IllegalArgumentException} naming the input before any SQL is sent. Strings given as values
 * (bound parameters) are stored and read back verbatim. After each entry point's run the tables hold exactly what they
 * held, and no table appeared or disappeared.
 *
 * <p>The grammar below is the requirement written independently of the implementation: an input outside it that is
 * not refused, or that reaches the database, means SQL was built from the string.
 */
class InjectionCorpusIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Ten thousand letters: a well-formed identifier no database accepts. */
    private static final String LONG = "a".repeat(10_000);

    /** The hostile strings. Each is run through every entry point. */
    static final List<String> CORPUS = List.of(
            // statement stacking and comments
            "1; DROP TABLE purchases",
            "name; DROP TABLE purchases",
            "name;",
            "name; SELECT pg_sleep(1)",
            "name asc; drop table purchases",
            "count(*) ; drop table purchases",
            "name --",
            "name -- comment",
            "name--",
            "name /* x */",
            "name/**/desc",
            "name#",
            "/*!50000 DROP*/",
            "/*!50000 DROP TABLE purchases*/",
            "SLEEP(1)",
            "pg_sleep(1)",
            // quotes: string, identifier, escaped, look-alikes
            "' OR '1'='1",
            "x'; DROP TABLE purchases; --",
            "\" OR \"\"=\"",
            "`",
            "na\"me",
            "na`me",
            "\"name\"",
            "`name`",
            "[name]",
            "name\"; DROP TABLE purchases; --",
            "name`; DROP TABLE purchases; --",
            "\\' OR 1=1",
            "name\\",
            "\uFF07 OR \uFF071\uFF07=\uFF071",
            "name\uFF07",
            "\u2019 OR 1=1",
            // expressions and subqueries
            "name) OR (1=1",
            "(SELECT 1)",
            "(name)",
            "name UNION SELECT * FROM customers",
            "CASE WHEN 1=1 THEN name END",
            "name AND 1=1",
            "name WHERE 1=1",
            "name || 'x'",
            "name + 1",
            "0x41",
            "char(65)",
            "exec xp_cmdshell 'dir'",
            "%27%20OR%201%3D1",
            // control characters, whitespace, invisible and non-ASCII characters
            "name\u0000",
            "\u0000",
            "name\n; DROP TABLE purchases",
            "name\r\n--",
            "name\ndesc",
            "name\tdesc",
            "\tname\n",
            "name\u00A0desc",
            "name\u200B",
            "\u202Ename",
            "\uFF4E\uFF41\uFF4D\uFF45",
            "n\u00E4me",
            "",
            " ",
            "\t\n",
            // placeholders
            "$1",
            "?",
            "name = ?",
            "@name",
            "@@version",
            // lists and modifiers
            "name,",
            ", name",
            "name,,customer",
            "name desc desc",
            "name desc nulls first",
            "name as x y",
            "name as \"x\"",
            "users.name.extra",
            "1",
            "1name",
            "name-1",
            // aggregates
            "count(name)) --",
            "sum(1)",
            "max(name) as \"x\"",
            "count(*) as",
            "avg(name) over ()",
            // well-formed references to columns and tables that do not exist, and the long identifier
            "name",
            "_",
            "nAmE DeSc",
            "name as alias",
            "customers.name",
            "purchases.*",
            "*",
            "count(*)",
            LONG,
            LONG + "; DROP TABLE purchases");

    // ---------------------------------------------------------------- the grammar of the requirement

    private static final String ID = "[A-Za-z_][A-Za-z0-9_]*";
    private static final String WS = "[ \\t\\n\\x0B\\f\\r]+";
    private static final Pattern BARE_COLUMN = Pattern.compile(ID);
    private static final Pattern COLUMN_REF = Pattern.compile("(?:" + ID + "\\.)?" + ID);
    private static final Pattern ORDER_TERM = Pattern.compile("(?:" + ID + "\\.)?" + ID + "(?:" + WS
            + "(?i:asc|desc))?");
    private static final Pattern SELECT_TERM = Pattern.compile("(?:(?:" + ID + "\\.)?(?:" + ID + "|\\*)"
            + "|(?i:count|sum|avg|min|max)[ \\t\\n\\x0B\\f\\r]*\\([ \\t\\n\\x0B\\f\\r]*(?:(?i:distinct)" + WS + ")?"
            + "(?:" + ID + "\\.)?(?:" + ID + "|\\*)[ \\t\\n\\x0B\\f\\r]*\\))(?:" + WS + "(?i:as)" + WS + ID + ")?");
    private static final Pattern TABLE_NAME = Pattern.compile("(?:" + ID + "\\.)?" + ID + "(?:" + WS + "(?:(?i:as)"
            + WS + ")?" + ID + ")?");

    /** The names of {@code Purchase}: fields and columns (columns match case-insensitively). */
    private static final Set<String> PURCHASE_NAMES = Set.of("id", "customer", "amount", "status", "createdat",
            "created_at");

    private static final Predicate<String> ORDER = list(ORDER_TERM);
    private static final Predicate<String> SELECT = list(SELECT_TERM);
    private static final Predicate<String> COLUMNS = list(COLUMN_REF);
    private static final Predicate<String> ONE_COLUMN = s -> COLUMN_REF.matcher(s.strip()).matches();
    private static final Predicate<String> TABLE = s -> TABLE_NAME.matcher(s.strip()).matches();
    private static final Predicate<String> BARE = s -> BARE_COLUMN.matcher(s).matches();
    private static final Predicate<String> PURCHASE_KEY = s -> PURCHASE_NAMES.contains(s.toLowerCase(Locale.ROOT));
    private static final Predicate<String> PURCHASE_FIELD = s -> PURCHASE_KEY.test(s.strip());

    private static Predicate<String> list(Pattern term) {
        return s -> {
            for (String part : s.split(",", -1)) {
                if (!term.matcher(part.strip()).matches()) {
                    return false;
                }
            }
            return true;
        };
    }

    /** What a refusal must say: that the input is not a name, pointing at {@code Expr.raw} for SQL. */
    private static final Pattern REFUSAL = Pattern.compile(
            "(?s).*(Expr\\.raw|is not a (field or )?column|is not a table name).*");

    // ---------------------------------------------------------------- fixtures

    private enum Outcome { REFUSED, RAN, DATABASE_ERROR }

    /**
     * One string entry point: its name, the inputs it must accept, how to run it on one input, and how many
     * statements a refused input may still send (the lookup {@code firstOrInit} makes before it uses its attributes;
     * none of them holds the input).
     */
    private record EntryPoint(String name, Predicate<String> accepts, Function<String, Publisher<?>> call,
            int benignStatements) {

        EntryPoint(String name, Predicate<String> accepts, Function<String, Publisher<?>> call) {
            this(name, accepts, call, 0);
        }
    }

    /** Every statement the database was sent, from the SQL logger; it also keeps the build log readable. */
    private static final class Recorder {

        private final List<Sql> statements = Collections.synchronizedList(new ArrayList<>());

        /** A view of the kit's database (same pool) that records its statements instead of logging them. */
        Db open(Db db, TestDatabase target) {
            return Db.open(db.connectionFactory(), target.configure(Config.builder()
                    .logger((sql, elapsed, rows, error, context) -> statements.add(sql))).build());
        }

        int size() {
            return statements.size();
        }

        List<Sql> since(int mark) {
            synchronized (statements) {
                return List.copyOf(statements.subList(mark, statements.size()));
            }
        }
    }

    private static List<Purchase> seed(Db db, Class<?>... more) {
        List<Class<?>> models = new ArrayList<>(List.of(Purchase.class, Customer.class));
        models.addAll(List.of(more));
        db.migrator().autoMigrate(models.toArray(Class<?>[]::new)).block(TIMEOUT);
        List<Purchase> created = db.createAll(List.of(
                        new Purchase("ann", 5, "paid"),
                        new Purchase("bob", 12, "paid"),
                        new Purchase("ann", 20, "open"),
                        new Purchase("cid", 1, null)))
                .collectList().block(TIMEOUT);
        db.createAll(List.of(new Customer("ann", "gold"), new Customer("bob", "basic"))).blockLast(TIMEOUT);
        return created;
    }

    /** Every row of both seeded tables, in key order. */
    private static List<String> rows(Db db) {
        List<String> out = new ArrayList<>();
        out.addAll(db.model(Purchase.class).order("id").find()
                .map(p -> "purchase " + p.id + "|" + p.customer + "|" + p.amount + "|" + p.status + "|" + p.createdAt)
                .collectList().block(TIMEOUT));
        out.addAll(db.model(Customer.class).order("id").find()
                .map(c -> "customer " + c.id + "|" + c.name + "|" + c.tier)
                .collectList().block(TIMEOUT));
        return out;
    }

    /** The tables of the test's own schema (PostgreSQL, H2) or database (MariaDB), lower-cased. */
    private static Set<String> tables(Db db, TestDatabase target) {
        String schema = switch (target) {
            case POSTGRESQL -> "current_schema()";
            case H2 -> "CURRENT_SCHEMA";
            default -> "DATABASE()";
        };
        return new TreeSet<>(db.raw("SELECT table_name FROM information_schema.tables WHERE table_schema = " + schema)
                .scan(String.class).map(t -> t.toLowerCase(Locale.ROOT)).collectList().block(TIMEOUT));
    }

    private static void assertIntact(Db db, TestDatabase target, String after, List<String> rowsBefore,
            Set<String> expectedTables) {
        assertThat(db.migrator().hasTable(Purchase.class).block(TIMEOUT)).as("purchases after %s", after).isTrue();
        assertThat(db.migrator().hasTable(Customer.class).block(TIMEOUT)).as("customers after %s", after).isTrue();
        assertThat(rows(db)).as("rows after %s", after).containsExactlyElementsOf(rowsBefore);
        assertThat(tables(db, target)).as("tables after %s", after).containsExactlyInAnyOrderElementsOf(expectedTables);
    }

    /** The input, printable: control and non-ASCII characters escaped, long inputs cut. */
    private static String show(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(s.length(), 60); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return b.append(s.length() > 60 ? "...(" + s.length() + " chars)\"" : "\"").toString();
    }

    /** The ways a refusal may quote the input: whole, stripped, or the comma-separated term that failed. */
    private static boolean namesTheInput(String message, String input) {
        List<String> candidates = new ArrayList<>(List.of(input, input.strip()));
        for (String part : input.split(",", -1)) {
            candidates.add(part.strip());
        }
        // long inputs are quoted cut to their first 100 characters
        return candidates.stream().anyMatch(c -> message.contains("'" + c + "'")
                || c.length() > 100 && message.contains("'" + c.substring(0, 100) + "..."));
    }

    /**
     * Runs one input through one entry point. A refusal must be an {@link IllegalArgumentException} saying what is
     * wrong and quoting the input; a database failure must be an {@link R2ormException}; anything else (another type,
     * a raw driver exception, a hang) fails the test.
     */
    private static Outcome attempt(EntryPoint entry, String input, Recorder sent) {
        String call = entry.name() + "(" + show(input) + ")";
        int mark = sent.size();
        try {
            Flux.from(entry.call().apply(input)).collectList().block(TIMEOUT);
            return Outcome.RAN;
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            assertThat(message).as("refusal of %s", call).matches(REFUSAL);
            assertThat(namesTheInput(message, input)).as("refusal of %s names the input: %s", call, message).isTrue();
            assertThat(sent.since(mark)).as("statements sent before %s was refused", call)
                    .hasSizeLessThanOrEqualTo(entry.benignStatements());
            return Outcome.REFUSED;
        } catch (R2ormException e) {
            assertThat(e.getMessage()).as("database error of %s", call).contains("SQL [");
            return Outcome.DATABASE_ERROR;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(call + " failed with " + e.getClass().getName() + " rather than a refusal or a"
                    + " typed R2ormException: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the whole corpus through each entry point, then checks the tables. An input outside the grammar must be
     * refused before it reaches the database; an input inside it must not be refused (it may fail in the database).
     */
    private static void runCorpus(Db db, TestDatabase target, Recorder sent, List<EntryPoint> entries,
            Set<String> expectedTables) {
        List<String> before = rows(db);
        assertThat(tables(db, target)).containsExactlyInAnyOrderElementsOf(expectedTables);
        StringBuilder summary = new StringBuilder("[" + target.displayName() + "] corpus of " + CORPUS.size() + ":");
        for (EntryPoint entry : entries) {
            Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
            for (String input : CORPUS) {
                Outcome outcome = attempt(entry, input, sent);
                tally.merge(outcome, 1, Integer::sum);
                if (entry.accepts().test(input)) {
                    assertThat(outcome).as("%s(%s) is a well-formed name and must be quoted, not refused",
                            entry.name(), show(input)).isNotEqualTo(Outcome.REFUSED);
                } else {
                    assertThat(outcome).as("%s(%s) is not a name and must be refused before any SQL is sent",
                            entry.name(), show(input)).isEqualTo(Outcome.REFUSED);
                }
            }
            assertIntact(db, target, entry.name(), before, expectedTables);
            summary.append("\n  ").append(entry.name()).append(' ').append(tally);
        }
        System.out.println(summary);
    }

    // ---------------------------------------------------------------- names: shape of the select

    @DatabaseTest
    void orderSelectGroupPluckDistinctAndOmitQuoteNamesAndRefuseEverythingElse(Db kit, TestDatabase target) {
        Recorder sent = new Recorder();
        Db db = sent.open(kit, target);
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);
        Query<Map<String, Object>> table = db.table("purchases");
        runCorpus(db, target, sent, List.of(
                new EntryPoint("model.order", ORDER, s -> purchases.order(s).find()),
                new EntryPoint("table.order", ORDER, s -> table.order(s).findMaps()),
                new EntryPoint("model.select", SELECT, s -> purchases.select(s).findMaps()),
                new EntryPoint("model.select(customer, _)", SELECT, s -> purchases.select("customer", s).findMaps()),
                new EntryPoint("table.select", SELECT, s -> table.select(s).findMaps()),
                new EntryPoint("model.group", COLUMNS, s -> purchases.group(s).count()),
                new EntryPoint("table.group", COLUMNS, s -> table.group(s).count()),
                new EntryPoint("model.pluck", ONE_COLUMN, s -> purchases.pluck(s, Object.class)),
                new EntryPoint("table.pluck", ONE_COLUMN, s -> table.pluck(s, Object.class)),
                new EntryPoint("model.distinct", SELECT, s -> purchases.distinct(s).findMaps()),
                new EntryPoint("table.distinct", SELECT, s -> table.distinct(s).findMaps()),
                // "*" is Associations.ALL: omit every association
                new EntryPoint("model.omit", PURCHASE_FIELD.or(s -> s.strip().equals("*")),
                        s -> purchases.omit(s).find())),
                Set.of("purchases", "customers"));
    }

    // ---------------------------------------------------------------- names: tables

    @DatabaseTest
    void tableNamesAreQuotedAndEverythingElseIsRefused(Db kit, TestDatabase target) {
        Recorder sent = new Recorder();
        Db db = sent.open(kit, target);
        seed(db);
        runCorpus(db, target, sent, List.of(
                new EntryPoint("db.table", TABLE, s -> db.table(s).count()),
                new EntryPoint("db.table.findMaps", TABLE, s -> db.table(s).limit(1).findMaps())),
                Set.of("purchases", "customers"));
    }

    // ---------------------------------------------------------------- names: condition keys

    @DatabaseTest
    void whereAndNotMapKeysMustBeColumns(Db kit, TestDatabase target) {
        Recorder sent = new Recorder();
        Db db = sent.open(kit, target);
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);
        Query<Map<String, Object>> table = db.table("purchases");
        runCorpus(db, target, sent, List.of(
                new EntryPoint("model.where(map)", PURCHASE_KEY, s -> purchases.where(Map.of(s, "x")).count()),
                new EntryPoint("table.where(map)", BARE, s -> table.where(Map.of(s, "x")).count()),
                new EntryPoint("model.where(map).find", PURCHASE_KEY,
                        s -> purchases.where(Map.of("customer", "ann", s, List.of("x", "y"))).find()),
                new EntryPoint("model.not(map)", PURCHASE_KEY, s -> purchases.not(Map.of(s, "x")).count()),
                new EntryPoint("table.not(map)", BARE, s -> table.not(Map.of(s, "x")).count())),
                Set.of("purchases", "customers"));
    }

    // ---------------------------------------------------------------- names: write keys

    @DatabaseTest
    void updateCreateAttrsAndAssignKeysMustBeColumns(Db kit, TestDatabase target) {
        Recorder sent = new Recorder();
        Db db = sent.open(kit, target);
        List<Purchase> p = seed(db);
        Query<Purchase> first = db.model(Purchase.class).where("id = ?", p.get(0).id);
        Query<Map<String, Object>> firstRow = db.table("purchases").where("id = ?", p.get(0).id);
        Query<Purchase> nobody = db.model(Purchase.class).where(Map.of("customer", "nobody"));
        runCorpus(db, target, sent, List.of(
                new EntryPoint("model.updates(map)", PURCHASE_KEY, s -> first.updates(Map.of(s, "x"))),
                new EntryPoint("table.updates(map)", BARE, s -> firstRow.updates(Map.of(s, "x"))),
                new EntryPoint("model.update", PURCHASE_KEY, s -> first.update(s, "x")),
                new EntryPoint("table.update", BARE, s -> firstRow.update(s, "x")),
                new EntryPoint("model.updateColumn", PURCHASE_KEY, s -> first.updateColumn(s, "x")),
                new EntryPoint("table.updateColumn", BARE, s -> firstRow.updateColumn(s, "x")),
                new EntryPoint("model.updateColumns(map)", PURCHASE_KEY,
                        s -> first.updateColumns(Map.of("status", "x", s, "x"))),
                new EntryPoint("model.create(map)", PURCHASE_KEY,
                        s -> db.model(Purchase.class).create(Map.of("customer", "zed", "amount", 1, s, "x"))),
                new EntryPoint("attrs.firstOrInit", PURCHASE_KEY, s -> nobody.attrs(Map.of(s, "x")).firstOrInit(), 1),
                new EntryPoint("assign.firstOrInit", PURCHASE_KEY, s -> nobody.assign(Map.of(s, "x")).firstOrInit(),
                        1),
                new EntryPoint("assign.firstOrInit(found)", PURCHASE_KEY,
                        s -> first.assign(Map.of(s, "x")).firstOrInit(), 1),
                new EntryPoint("attrs.firstOrCreate", PURCHASE_KEY,
                        s -> nobody.attrs(Map.of(s, "x")).firstOrCreate(), 1),
                new EntryPoint("assign.firstOrCreate(found)", PURCHASE_KEY,
                        s -> first.assign(Map.of(s, "x")).firstOrCreate(), 1)),
                Set.of("purchases", "customers"));
    }

    // ---------------------------------------------------------------- values are data

    /** A model with unsized text columns, wide enough for every corpus entry. */
    static class Memo {
        Long id;
        @Column(size = 20)
        String tag;
        String body;
        String viaUpdates;
        String viaUpdate;
        String viaExec;

        Memo() {
        }

        Memo(String tag, String body) {
            this.tag = tag;
            this.body = body;
        }
    }

    /**
     * Runs one step on a value. PostgreSQL cannot store NUL, and a value longer than a model column's declared size
     * cannot be written to it: both must then be a typed refusal ({@link InvalidValueException}), made before sending
     * for a model field (22021 from PostgreSQL in raw SQL).
     */
    private static boolean step(TestDatabase target, String value, String api, Runnable body, List<String> nul) {
        try {
            body.run();
            return true;
        } catch (R2ormException e) {
            if (target == TestDatabase.POSTGRESQL && value.indexOf('\0') >= 0) {
                assertThat(e).as("%s(%s)", api, show(value)).isInstanceOf(InvalidValueException.class);
                assertThat(e.getMessage()).as("%s(%s)", api, show(value))
                        .containsAnyOf("SQLSTATE 22021", "a NUL character (U+0000)");
                nul.add(api);
                return false;
            }
            if (api.equals("purchases.updates(map)") && value.codePointCount(0, value.length()) > 100) {
                // status is @Column(size = 100): refused before sending, even though no row matches
                assertThat(e).as("%s(%s)", api, show(value)).isInstanceOf(InvalidValueException.class)
                        .hasMessageContaining("longer than the field's size 100");
                return false;
            }
            throw new AssertionError(api + "(" + show(value) + ") failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new AssertionError(api + "(" + show(value) + ") failed with " + e.getClass().getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes one value through every value entry point (create, {@code updates}, {@code update}, {@code exec}) into its
     * own row and reads it back through every condition form ({@code ?}, map, {@code @name}, {@link Named}, raw).
     *
     * @return whether the row was created
     */
    private static boolean roundTrip(Db db, TestDatabase target, String s, String tag, List<String> nulRefusals) {
        Query<Memo> memos = db.model(Memo.class);
        Query<Purchase> purchases = db.model(Purchase.class);
        Query<Memo> mine = memos.where("tag = ?", tag);
        boolean created = step(target, s, "create", () -> {
            Memo m = db.create(new Memo(tag, s)).block(TIMEOUT);
            assertThat(m.id).isNotNull();
        }, nulRefusals);
        step(target, s, "where(?)", () -> assertThat(memos.where("body = ? AND tag = ?", s, tag).find()
                .map(m -> m.body).collectList().block(TIMEOUT))
                .as("where(?) %s", show(s)).containsExactly(s), nulRefusals);
        step(target, s, "where(map)", () -> assertThat(memos.where(Map.of("body", s, "tag", tag)).count()
                .block(TIMEOUT)).as("where(map) %s", show(s)).isEqualTo(1L), nulRefusals);
        step(target, s, "where(@map)", () -> assertThat(memos.where("body = @b AND tag = @t",
                Map.of("b", s, "t", tag)).count().block(TIMEOUT)).as("where(@) %s", show(s)).isEqualTo(1L),
                nulRefusals);
        step(target, s, "where(@named)", () -> assertThat(memos.where("tag = @t AND body = @b",
                Named.of("b", s), Named.of("t", tag)).pluck("body", String.class).collectList().block(TIMEOUT))
                .as("where(Named) %s", show(s)).containsExactly(s), nulRefusals);
        step(target, s, "table.where(map)", () -> assertThat(db.table("memos").where(Map.of("body", s))
                .where("tag = ?", tag).count().block(TIMEOUT)).as("table.where(map) %s", show(s)).isEqualTo(1L),
                nulRefusals);
        step(target, s, "updates(map)", () -> assertThat(mine.updates(Map.of("via_updates", s)).block(TIMEOUT))
                .as("updates %s", show(s)).isEqualTo(1L), nulRefusals);
        step(target, s, "update", () -> assertThat(mine.update("viaUpdate", s).block(TIMEOUT))
                .as("update %s", show(s)).isEqualTo(1L), nulRefusals);
        step(target, s, "exec", () -> assertThat(db.exec("UPDATE memos SET via_exec = ? WHERE tag = ?", s, tag)
                .block(TIMEOUT)).as("exec %s", show(s)).isEqualTo(1L), nulRefusals);
        step(target, s, "raw", () -> assertThat(db.raw("SELECT via_exec FROM memos WHERE tag = ? AND body = ?"
                        + " AND via_updates = ? AND via_update = ?", tag, s, s, s)
                .scan(String.class).collectList().block(TIMEOUT)).as("raw %s", show(s)).containsExactly(s),
                nulRefusals);
        // the same values as conditions on a seeded table match nothing and change nothing
        step(target, s, "purchases.where(?)", () -> assertThat(purchases.where("customer = ?", s).count()
                .block(TIMEOUT)).as("purchases.where(?) %s", show(s)).isZero(), nulRefusals);
        step(target, s, "purchases.where(map)", () -> assertThat(purchases.where(Map.of("customer", s)).count()
                .block(TIMEOUT)).as("purchases.where(map) %s", show(s)).isZero(), nulRefusals);
        step(target, s, "purchases.updates(map)", () -> assertThat(purchases.where("customer = ?", s)
                .updates(Map.of("status", s)).block(TIMEOUT)).as("purchases.updates %s", show(s)).isZero(),
                nulRefusals);
        return created;
    }

    private static Set<String> texts(List<Sql> statements) {
        Set<String> out = new HashSet<>();
        statements.forEach(sql -> out.add(sql.sql()));
        return out;
    }

    @DatabaseTest
    void boundValuesAreStoredAndReadBackVerbatim(Db kit, TestDatabase target) {
        Recorder sent = new Recorder();
        Db db = sent.open(kit, target);
        seed(db, Memo.class);
        List<String> before = rows(db);
        Set<String> expectedTables = Set.of("purchases", "customers", "memos");
        Query<Memo> memos = db.model(Memo.class);
        Map<String, String> stored = new LinkedHashMap<>();
        List<String> nulRefusals = new ArrayList<>();

        int mark = sent.size();
        assertThat(roundTrip(db, target, "plain value", "plain", nulRefusals)).isTrue();
        stored.put("plain", "plain value");
        Set<String> plainSql = texts(sent.since(mark));

        for (int i = 0; i < CORPUS.size(); i++) {
            String s = CORPUS.get(i);
            String tag = "v" + i;
            mark = sent.size();
            if (roundTrip(db, target, s, tag, nulRefusals)) {
                stored.put(tag, s);
            }
            // the statements are those of a plain value: the value never changed the SQL text
            assertThat(texts(sent.since(mark))).as("SQL text of the statements for %s", show(s))
                    .isSubsetOf(plainSql);
        }

        if (target == TestDatabase.POSTGRESQL) {
            long nulEntries = CORPUS.stream().filter(s -> s.indexOf('\0') >= 0).count();
            assertThat(stored).hasSize(1 + CORPUS.size() - (int) nulEntries);
            System.out.println("[" + target.displayName() + "] NUL refused by the database (typed): " + nulRefusals);
        } else {
            assertThat(nulRefusals).isEmpty();
            assertThat(stored).hasSize(1 + CORPUS.size());
        }
        // every stored value, read back through every column it was written to, verbatim
        Map<String, String> readBack = new LinkedHashMap<>();
        for (Memo m : memos.order("id").find().collectList().block(TIMEOUT)) {
            assertThat(m.viaUpdates).as("via updates, %s", m.tag).isEqualTo(m.body);
            assertThat(m.viaUpdate).as("via update, %s", m.tag).isEqualTo(m.body);
            assertThat(m.viaExec).as("via exec, %s", m.tag).isEqualTo(m.body);
            readBack.put(m.tag, m.body);
        }
        assertThat(readBack).containsExactlyEntriesOf(stored);
        assertIntact(db, target, "bound values", before, expectedTables);
        System.out.println("[" + target.displayName() + "] corpus values stored and read back verbatim: "
                + (stored.size() - 1) + " of " + CORPUS.size());
    }

    // ---------------------------------------------------------------- reserved words are quoted

    /** Table and columns named by reserved words of every dialect. */
    @Table("group")
    static class Reserved {
        Long id;
        @Column(size = 50)
        String select;
        @Column(size = 50)
        String from;
        int order;

        Reserved() {
        }

        Reserved(String select, String from, int order) {
            this.select = select;
            this.from = from;
            this.order = order;
        }
    }

    @DatabaseTest
    void reservedWordsAsTableAndColumnNamesWorkEverywhere(Db kit, TestDatabase target) {
        Recorder sent = new Recorder();
        Db db = sent.open(kit, target);
        seed(db, Reserved.class);
        List<String> before = rows(db);
        assertThat(db.migrator().hasTable("group").block(TIMEOUT)).isTrue();
        db.createAll(List.of(new Reserved("a", "x", 1), new Reserved("b", "y", 3), new Reserved("c", "y", 2)))
                .blockLast(TIMEOUT);
        Query<Reserved> q = db.model(Reserved.class);

        assertThat(q.order("order desc").find().map(r -> r.select).collectList().block(TIMEOUT))
                .containsExactly("b", "c", "a");
        assertThat(q.where(Map.of("from", "y")).order("order").pluck("select", String.class).collectList()
                .block(TIMEOUT)).containsExactly("c", "b");
        assertThat(q.not(Map.of("from", "y")).pluck("select", String.class).collectList().block(TIMEOUT))
                .containsExactly("a");
        assertThat(q.select("select, from as origin").order("group.order").findMaps().collectList().block(TIMEOUT))
                .extracting(m -> m.get("select") + ":" + m.get("origin")).containsExactly("a:x", "c:y", "b:y");
        assertThat(q.select("from, max(order) as top").group("from").order("from").findMaps().collectList()
                .block(TIMEOUT)).extracting(m -> m.get("from") + ":" + ((Number) m.get("top")).intValue())
                .containsExactly("x:1", "y:3");
        assertThat(q.group("from").count().block(TIMEOUT)).isEqualTo(2L);
        assertThat(q.distinct("from").order("from").findMaps().collectList().block(TIMEOUT))
                .extracting(m -> m.get("from")).containsExactly("x", "y");
        assertThat(q.omit("select").order("order").find().collectList().block(TIMEOUT))
                .extracting(r -> r.select + ":" + r.from + ":" + r.order).containsExactly("null:x:1", "null:y:2",
                        "null:y:3");

        assertThat(q.where(Map.of("from", "x")).updates(Map.of("select", "z", "order", 10)).block(TIMEOUT))
                .isEqualTo(1L);
        assertThat(q.where(Map.of("select", "z")).update("from", "w").block(TIMEOUT)).isEqualTo(1L);
        Map<String, Object> created = q.create(Map.of("select", "m", "from", "n", "order", 4)).block(TIMEOUT);
        assertThat(created.get("id")).isNotNull();
        assertThat(q.where(Map.of("from", "none")).attrs(Map.of("order", 7)).firstOrInit().block(TIMEOUT))
                .extracting(r -> r.from + ":" + r.order).isEqualTo("none:7");

        Query<Map<String, Object>> table = db.table("group");
        assertThat(table.where(Map.of("from", "y")).order("order desc").pluck("select", String.class).collectList()
                .block(TIMEOUT)).containsExactly("b", "c");
        assertThat(table.select("select, order").order("group.order").findMaps().collectList().block(TIMEOUT))
                .extracting(m -> m.get("select") + ":" + ((Number) m.get("order")).intValue())
                .containsExactly("c:2", "b:3", "m:4", "z:10");
        assertThat(table.where(Map.of("from", "w")).update("order", 11).block(TIMEOUT)).isEqualTo(1L);
        assertThat(q.order("order desc").find().map(r -> r.select + ":" + r.from + ":" + r.order).collectList()
                .block(TIMEOUT)).containsExactly("z:w:11", "m:n:4", "b:y:3", "c:y:2");
        assertThat(db.table("group g").where(Map.of("from", "y")).count().block(TIMEOUT)).isEqualTo(2L);
        assertIntact(db, target, "reserved words", before, Set.of("purchases", "customers", "group"));
    }
}
