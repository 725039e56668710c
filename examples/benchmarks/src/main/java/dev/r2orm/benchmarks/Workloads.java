package dev.r2orm.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the runner runs: each workload's benchmark method, databases, contenders, and the comparisons reported for it.
 */
final class Workloads {

    private Workloads() {
    }

    /**
     * One r2orm form compared with the best (fastest in the same round) of some forms of each other contender.
     *
     * @param r2orm the r2orm contender
     * @param raw the raw forms, best of
     * @param spring the Spring Data forms, best of
     * @param jooq the jOOQ forms, best of (empty where jOOQ does not run)
     * @param hibernate the Hibernate Reactive forms, best of (empty where it does not run)
     */
    record Comparison(String r2orm, List<String> raw, List<String> spring, List<String> jooq, List<String> hibernate) {
    }

    /**
     * A workload on one database.
     *
     * @param id the name in the report, e.g. {@code W1 c1}
     * @param title what it does
     * @param benchmark the JMH benchmark, {@code Class.method}
     * @param db {@code postgres}, {@code mariadb}, {@code h2} or {@code none}
     * @param contenders the values of the benchmark's {@code contender} parameter to run
     * @param rows the rows per operation per contender (for per-row figures), or empty when an operation is the unit
     * @param params other JMH parameters
     * @param singleShot whether each measured iteration is one operation
     * @param heap the forked JVM's heap
     * @param comparisons the comparisons to report
     * @param target the goal, as text
     * @param maxVsRaw the goal as the largest r2orm/raw time ratio, or 0 when the goal is not a ratio to raw
     * @param maxVsSpring the goal as the largest r2orm/Spring time ratio, or 0
     */
    record Workload(String id, String title, String benchmark, String db, List<String> contenders,
            Map<String, Integer> rows, Map<String, String> params, boolean singleShot, String heap,
            List<Comparison> comparisons, String target, double maxVsRaw, double maxVsSpring) {

        int rowsOf(String contender) {
            return rows.getOrDefault(contender, 1);
        }

        boolean perRow() {
            return !rows.isEmpty();
        }
    }

    private static final String HEAP = "1g";

    /** Hibernate Reactive runs on PostgreSQL and MariaDB only: it has no H2 support. */
    static boolean hibernateRuns(String db) {
        return db.equals("postgres") || db.equals("mariadb");
    }

    /** The contenders of a workload read through entities: r2orm, raw, Spring Data, jOOQ, and Hibernate where it runs. */
    private static List<String> five(String db, boolean hibernate) {
        List<String> out = new ArrayList<>(List.of("r2orm", "raw", "spring", "jooq"));
        if (hibernate && hibernateRuns(db)) {
            out.add("hibernate");
        }
        return out;
    }

    /** The comparison of r2orm with each of the others' single form. */
    private static List<Comparison> plain(List<String> contenders) {
        return List.of(new Comparison("r2orm", List.of("raw"), List.of("spring"), List.of("jooq"),
                contenders.contains("hibernate") ? List.of("hibernate") : List.of()));
    }

    /**
     * The workloads of a mode.
     *
     * @param s the settings
     * @return the workloads, in report order
     */
    static List<Workload> all(Settings s) {
        List<Workload> out = new ArrayList<>();
        for (String db : List.of("postgres", "mariadb", "h2")) {
            List<String> all = five(db, true);
            out.add(new Workload("W1 c1", "point lookup by primary key, one at a time", "PointLookupBenchmark.c1", db,
                    all, Map.of(), Map.of("rows", "100000"), false, HEAP, plain(all), "<= 1.10x raw", 1.10, 0));
            List<String> observed = new ArrayList<>(all);
            observed.add(1, "r2orm-observed");
            out.add(new Workload("W1 c64", "point lookup by primary key, 64 in flight (1 op = 64 lookups)",
                    "PointLookupBenchmark.c64", db, observed, Map.of(), Map.of("rows", "100000"), false, HEAP,
                    plain(all), "<= 1.10x raw", 1.10, 0));
            out.add(new Workload("W2", "read 100,000 rows into a list of entities", "ReadAllBenchmark.readAll", db,
                    all, Map.of(), Map.of("rows", "100000"), true, HEAP, plain(all), "<= 1.15x raw", 1.15, 0));
            if (!db.equals("h2")) {
                // Hibernate Reactive cannot stream a result (no scroll or stream in its reactive sessions)
                List<String> streamers = five(db, false);
                out.add(new Workload("W3", "stream " + String.format("%,d", s.streamRows())
                        + " rows into a summing consumer, heap 128 MB", "StreamBenchmark.stream", db, streamers,
                        Map.of(), Map.of("rows", Long.toString(s.streamRows())), true, "128m", plain(streamers),
                        ">= 0.9x raw rows/s (time ratio <= 1.11)", 1 / 0.9, 0));
            }
            List<String> inserts = new ArrayList<>(db.equals("postgres")
                    ? List.of("r2orm-batches", "r2orm-createAll", "r2orm-copyIn", "raw-values", "raw-unnest",
                            "raw-copy", "spring-insert", "spring-insertConcurrent", "jooq-values")
                    : List.of("r2orm-batches", "r2orm-createAll", "raw-values", "spring-insert",
                            "spring-insertConcurrent", "jooq-values"));
            if (!s.mode().equals("full")) {
                // the slower Spring Data form (it never was the best of the two): full mode only, to save time
                inserts.remove("spring-insert");
            }
            if (hibernateRuns(db)) {
                inserts.add("hibernate-insertMultiple");
            }
            List<String> rawInserts = db.equals("postgres") ? List.of("raw-values", "raw-unnest") : List.of("raw-values");
            List<String> springInserts = inserts.stream().filter(c -> c.startsWith("spring")).toList();
            List<String> jooqInserts = List.of("jooq-values");
            List<String> hibernateInserts = hibernateRuns(db) ? List.of("hibernate-insertMultiple") : List.of();
            Map<String, Integer> insertRows = new java.util.LinkedHashMap<>();
            for (String c : inserts) {
                insertRows.put(c, c.startsWith("spring") || c.startsWith("hibernate") ? s.springInsertRows()
                        : s.insertRows());
            }
            List<Comparison> insertComparisons = new ArrayList<>(List.of(
                    new Comparison("r2orm-batches", rawInserts, springInserts, jooqInserts, hibernateInserts),
                    new Comparison("r2orm-createAll", rawInserts, springInserts, jooqInserts, hibernateInserts)));
            if (db.equals("postgres")) {
                insertComparisons.add(new Comparison("r2orm-copyIn", List.of("raw-copy"), springInserts, jooqInserts,
                        hibernateInserts));
            }
            out.add(new Workload("W4", "insert " + String.format("%,d", s.insertRows())
                    + " rows (figures per row)", "InsertBenchmark.insert", db, inserts, insertRows, Map.of(), true,
                    HEAP, insertComparisons, ">= 0.85x best raw rows/s (time ratio <= 1.18), >= 10x Spring Data"
                            + " (time ratio <= 0.10)", 1 / 0.85, 0.10));
            List<String> preloaders = new ArrayList<>(all);
            preloaders.add(preloaders.indexOf("jooq") + 1, "jooq-multiset");
            out.add(new Workload("W5", "preload " + String.format("%,d", Families.PARENTS) + " parents with "
                    + Families.CHILDREN + " children each (1 op = all of them)", "PreloadBenchmark.preload", db,
                    preloaders, Map.of(), Map.of("rows", "100000"), false, HEAP,
                    List.of(new Comparison("r2orm", List.of("raw"), List.of("spring"), List.of("jooq",
                            "jooq-multiset"), hibernateRuns(db) ? List.of("hibernate") : List.of())),
                    "<= 1.15x the two-query raw floor", 1.15, 0));
            out.add(new Workload("W6", "update by primary key, 64 in flight (1 op = 64 updates)", "UpdateBenchmark.c64",
                    db, all, Map.of(), Map.of("rows", "100000"), false, HEAP, plain(all),
                    ">= 0.95x raw throughput (time ratio <= 1.05)", 1 / 0.95, 0));
        }
        List<String> three = List.of("r2orm", "raw", "spring");
        List<Comparison> noPeers = List.of(new Comparison("r2orm", List.of("raw"), List.of("spring"), List.of(),
                List.of()));
        out.add(new Workload("W8 map", "map one 5-column row into an entity, no database", "MappingBenchmark.map",
                "none", three, Map.of(), Map.of(), false, HEAP, noPeers, "< 50 ns per column (< 250 ns per row)", 0,
                0));
        out.add(new Workload("W8 render", "render where(\"id = ?\", id).toSql() from a cached model query",
                "RenderBenchmark.whereId", "none", List.of("r2orm"), Map.of(), Map.of(), false, HEAP, List.of(),
                "< 1 us", 0, 0));
        out.add(new Workload("W8 render first", "render the shape first(id) runs: where(...).order(\"id\").limit(1)",
                "RenderBenchmark.firstById", "none", List.of("r2orm"), Map.of(), Map.of(), false, HEAP, List.of(),
                "< 1 us", 0, 0));
        return out;
    }

    /**
     * How long and how often to measure.
     *
     * @param mode {@code quick}, {@code full} or {@code smoke}
     * @param rounds the rounds; each runs every contender of every workload once, in shuffled order
     * @param warmups warm-up iterations of timed benchmarks
     * @param iterations measured iterations of timed benchmarks
     * @param warmupMillis length of a warm-up iteration
     * @param iterationMillis length of a measured iteration
     * @param shotWarmups warm-up operations of single-shot benchmarks
     * @param shots measured operations of single-shot benchmarks
     * @param insertRows rows per insert operation
     * @param springInsertRows rows per insert operation of Spring Data's one-row-at-a-time forms
     * @param streamRows rows of the streamed table
     */
    record Settings(String mode, int rounds, int warmups, int iterations, int warmupMillis, int iterationMillis,
            int shotWarmups, int shots, int insertRows, int springInsertRows, long streamRows) {

        static Settings quick() {
            return new Settings("quick", 3, 1, 2, 400, 300, 3, 2, 10_000, 500, 500_000);
        }

        static Settings smoke() {
            return new Settings("smoke", 1, 1, 1, 300, 300, 1, 1, 5_000, 200, 200_000);
        }

        static Settings full() {
            return new Settings("full", 5, 3, 5, 2000, 2000, 3, 5, 100_000, 100_000, 1_000_000);
        }
    }
}
