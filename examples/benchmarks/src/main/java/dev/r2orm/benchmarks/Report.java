package dev.r2orm.benchmarks;

import dev.r2orm.benchmarks.BenchmarkRunner.Measured;
import dev.r2orm.benchmarks.Workloads.Comparison;
import dev.r2orm.benchmarks.Workloads.Settings;
import dev.r2orm.benchmarks.Workloads.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.ToDoubleFunction;

/** Turns the measured runs into the ratio tables of {@code BENCHMARKS.md}. */
final class Report {

    private final Settings settings;
    private final List<Workload> workloads;
    private final List<Measured> measured;
    private final long seed;
    private final java.util.Map<String, String> serverVersions;
    private final Duration took;

    Report(Settings settings, List<Workload> workloads, List<Measured> measured, long seed,
            java.util.Map<String, String> serverVersions, Duration took) {
        this.settings = settings;
        this.workloads = workloads;
        this.measured = measured;
        this.seed = seed;
        this.serverVersions = serverVersions;
        this.took = took;
    }

    /** A median with its spread. */
    record Spread(double median, double min, double max, int n) {

        static Spread of(List<Double> values) {
            double[] v = values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).sorted()
                    .toArray();
            if (v.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Spread(median, v[0], v[v.length - 1], v.length);
        }

        String ratio() {
            return Double.isNaN(median) ? "n/a"
                    : String.format(Locale.ROOT, "**%.2f** (%.2f–%.2f)", median, min, max);
        }
    }

    private List<Measured> runs(Workload w, String contender) {
        return measured.stream().filter(m -> m.workload() == w && m.contender().equals(contender)).toList();
    }

    private Spread spread(Workload w, String contender, ToDoubleFunction<Measured> f) {
        return Spread.of(runs(w, contender).stream().map(m -> f.applyAsDouble(m)).toList());
    }

    /** The per-round ratios of an r2orm form's wall time to the fastest of some forms in the same round. */
    private Spread ratio(Workload w, String r2orm, List<String> baselines) {
        return ratio(w, r2orm, baselines, Measured::nanos);
    }

    /**
     * The per-round ratios of an r2orm form's figure to the lowest figure of some forms in the same round.
     *
     * @param w the workload
     * @param r2orm the r2orm form
     * @param baselines the other forms, lowest of; none gives n/a
     * @param figure wall or CPU time per operation or row
     * @return the median and spread of the ratios
     */
    private Spread ratio(Workload w, String r2orm, List<String> baselines, ToDoubleFunction<Measured> figure) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            int r = round;
            double mine = measured.stream().filter(m -> m.workload() == w && m.round() == r
                    && m.contender().equals(r2orm)).mapToDouble(figure).findFirst().orElse(Double.NaN);
            double best = measured.stream().filter(m -> m.workload() == w && m.round() == r
                    && baselines.contains(m.contender())).mapToDouble(figure).min().orElse(Double.NaN);
            ratios.add(mine / best);
        }
        return Spread.of(ratios);
    }

    /** @return the console summary */
    String table() {
        StringBuilder sb = new StringBuilder();
        ratios(sb);
        return sb.toString();
    }

    private void ratios(StringBuilder sb) {
        sb.append("| workload | database | r2orm form | r2orm / raw floor, wall time, median (min–max) | r2orm / raw"
                + " floor, CPU time | vs raw forms | r2orm / Spring Data | vs Spring forms | r2orm / jOOQ"
                + " | r2orm / Hibernate Reactive | target | met |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Workload w : workloads) {
            if (w.comparisons().isEmpty()) {
                Spread t = spread(w, "r2orm", Measured::nanos);
                String met = Double.isNaN(t.median()) ? "" : t.median() < 1000 ? "yes" : "**no**";
                sb.append("| ").append(w.id()).append(" | ").append(w.db()).append(" | r2orm | ")
                        .append(time(t.median())).append(" per op, absolute | | | | | | | ").append(w.target())
                        .append(" | ").append(met).append(" |\n");
                continue;
            }
            for (Comparison c : w.comparisons()) {
                Spread raw = ratio(w, c.r2orm(), c.raw());
                Spread rawCpu = ratio(w, c.r2orm(), c.raw(), Measured::cpuNanos);
                Spread spring = ratio(w, c.r2orm(), c.spring());
                Spread jooq = ratio(w, c.r2orm(), c.jooq());
                Spread hibernate = ratio(w, c.r2orm(), c.hibernate());
                String met;
                if (w.id().equals("W8 map")) {
                    double perColumn = spread(w, "r2orm", Measured::nanos).median() / FakeRow.COLUMNS.size();
                    met = (perColumn < 50 ? "yes" : "**no**")
                            + String.format(Locale.ROOT, " (%.0f ns per column)", perColumn);
                } else {
                    boolean ok = raw.median() <= w.maxVsRaw()
                            && (w.maxVsSpring() == 0 || spring.median() <= w.maxVsSpring());
                    met = ok ? "yes" : "**no**";
                }
                sb.append("| ").append(w.id()).append(" | ").append(w.db()).append(" | ").append(c.r2orm())
                        .append(" | ").append(raw.ratio()).append(" | ").append(rawCpu.ratio()).append(" | ")
                        .append(String.join(", ", c.raw())).append(" | ").append(spring.ratio()).append(" | ")
                        .append(String.join(", ", c.spring())).append(" | ").append(jooq.ratio()).append(" | ")
                        .append(hibernate.ratio()).append(" | ").append(w.target()).append(" | ").append(met)
                        .append(" |\n");
            }
        }
    }

    private void contenders(StringBuilder sb) {
        sb.append("| workload | database | contender | wall time per op or row, median (min–max) | CPU time per op or"
                + " row, median (min–max) | statements per op | COPY per op | allocated bytes per op or row"
                + " | rows per op |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Workload w : workloads) {
            for (String c : w.contenders()) {
                Spread t = spread(w, c, Measured::nanos);
                Spread cpu = spread(w, c, Measured::cpuNanos);
                Spread st = spread(w, c, Measured::statementsPerOp);
                Spread cp = spread(w, c, Measured::copiesPerOp);
                Spread b = spread(w, c, Measured::bytes);
                String unit = w.perRow() ? "/row" : "/op";
                // Hibernate Reactive talks to the database through Vert.x, which the counting proxy cannot see
                boolean uncounted = c.startsWith("hibernate");
                sb.append("| ").append(w.id()).append(" | ").append(w.db()).append(" | ").append(c).append(" | ")
                        .append(time(t.median())).append(unit).append(" (").append(time(t.min())).append("–")
                        .append(time(t.max())).append(") | ")
                        .append(Double.isNaN(cpu.median()) ? "n/a" : time(cpu.median()) + unit + " ("
                                + time(cpu.min()) + "–" + time(cpu.max()) + ")").append(" | ")
                        .append(uncounted ? "n/a" : number(st.median())).append(" | ")
                        .append(uncounted ? "n/a" : number(cp.median())).append(" | ")
                        .append(bytes(b.median())).append(" | ")
                        .append(w.perRow() ? String.format(Locale.ROOT, "%,d", w.rowsOf(c)) : "1 op").append(" |\n");
            }
        }
    }

    private void heap(StringBuilder sb) {
        sb.append("| database | contender | rows streamed | rows/s, median | largest heap after a GC, median"
                + " (min–max) | max heap |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Workload w : workloads) {
            if (!w.id().equals("W3")) {
                continue;
            }
            for (String c : w.contenders()) {
                Spread t = spread(w, c, Measured::nanos);
                Spread h = spread(w, c, m -> Double.parseDouble(m.stats().getProperty("peakHeapAfterGc", "NaN")));
                double max = runs(w, c).stream()
                        .mapToDouble(m -> Double.parseDouble(m.stats().getProperty("maxHeap", "NaN"))).max()
                        .orElse(Double.NaN);
                double rows = Double.parseDouble(w.params().get("rows"));
                sb.append("| ").append(w.db()).append(" | ").append(c).append(" | ")
                        .append(String.format(Locale.ROOT, "%,.0f", rows))
                        .append(" | ").append(String.format(Locale.ROOT, "%,.0f", rows / (t.median() / 1e9)))
                        .append(" | ").append(mb(h.median())).append(" (").append(mb(h.min())).append("–")
                        .append(mb(h.max())).append(") | ").append(mb(max)).append(" |\n");
            }
        }
    }

    /**
     * The report.
     *
     * @param notes hand-written notes on the profiles, included as they are
     * @param json where the raw JMH results are, relative to the repository root
     * @return {@code BENCHMARKS.md}
     */
    String markdown(String notes, String json) throws IOException {
        Properties v = new Properties();
        try (InputStream in = Report.class.getResourceAsStream("/benchmark-versions.properties")) {
            if (in != null) {
                v.load(in);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# Benchmarks\n\n");
        sb.append("Written by `examples/benchmarks/run --").append(settings.mode()).append("` on ")
                .append(LocalDate.now()).append(" (").append(took.toMinutes()).append(" min ")
                .append(took.toSecondsPart()).append(" s); run it again to replace this file. The raw JMH results"
                        + " are in `").append(json).append("`. Section \"What the profiles show\" comes from"
                        + " `examples/benchmarks/NOTES.md`, written by hand.\n\n");
        sb.append("r2orm is measured against four others on the same workloads, on PostgreSQL, MariaDB and H2: the"
                + " raw R2DBC driver (the floor: hand-written SQL, rows read by index into the same `Bench` class),"
                + " Spring Data R2DBC (`R2dbcEntityTemplate`), jOOQ over R2DBC (its reactive API, no code"
                + " generation) and Hibernate Reactive on its own Vert.x SQL client (PostgreSQL and MariaDB only: it"
                + " has no H2 support). Ratios are of times: **below 1 means r2orm is faster**, 1.10 means it takes"
                + " 10 % longer. Each run reports the wall time per operation and the process's CPU time per"
                + " operation, so a contender that waits less but burns more CPU (or the reverse) shows.\n\n");
        sb.append("## Machine\n\n| | |\n| --- | --- |\n");
        sb.append("| CPUs (nproc) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        sb.append("| CPU | ").append(cpu()).append(" |\n");
        sb.append("| RAM | ").append(ram()).append(" |\n");
        sb.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append(" |\n");
        sb.append("| Java | ").append(Runtime.version()).append(" (").append(System.getProperty("java.vm.name"))
                .append(", ").append(System.getProperty("java.vendor")).append(") |\n\n");
        sb.append("## Versions\n\n| | |\n| --- | --- |\n");
        sb.append("| r2orm | this tree (").append(pkg(dev.r2orm.Db.class, "0.1.0-SNAPSHOT")).append(") |\n");
        sb.append("| PostgreSQL server | ").append(serverVersions.getOrDefault("postgres", "not used")).append(" |\n");
        sb.append("| MariaDB server | ").append(serverVersions.getOrDefault("mariadb", "not used")).append(" |\n");
        sb.append("| r2dbc-postgresql | ").append(v.getProperty("r2dbc-postgresql")).append(" |\n");
        sb.append("| r2dbc-mysql (MariaDB) | ").append(v.getProperty("r2dbc-mysql")).append(" |\n");
        sb.append("| r2dbc-h2 / H2 | ").append(v.getProperty("r2dbc-h2")).append(" / ").append(h2()).append(" |\n");
        sb.append("| r2dbc-spi / r2dbc-pool | ").append(v.getProperty("r2dbc-spi")).append(" / ")
                .append(v.getProperty("r2dbc-pool")).append(" |\n");
        sb.append("| Reactor BOM | ").append(v.getProperty("reactor")).append(" |\n");
        sb.append("| Spring Data R2DBC / Spring Framework | ").append(v.getProperty("spring-data-r2dbc")).append(" / ")
                .append(pkg(org.springframework.core.SpringVersion.class, "?")).append(" |\n");
        sb.append("| jOOQ | ").append(v.getProperty("jooq")).append(" (open-source edition, R2DBC) |\n");
        sb.append("| Hibernate Reactive / Hibernate ORM / Vert.x SQL clients | ").append(v.getProperty(
                "hibernate-reactive")).append(" / ").append(pkg(org.hibernate.Version.class, "?")).append(" / ")
                .append(v.getProperty("vertx")).append(" |\n");
        sb.append("| JMH | ").append(v.getProperty("jmh")).append(" |\n\n");
        sb.append("## Settings\n\n");
        sb.append("- Mode `").append(settings.mode()).append("`: ").append(settings.rounds())
                .append(" rounds; each round runs every contender of every workload once, in a shuffled order (seed ")
                .append(seed).append("), each in a JVM of its own (one JMH fork), so contenders are interleaved and"
                        + " never share a JIT, a heap or a pool.\n");
        sb.append("- Timed workloads (W1, W5, W6, W8): ").append(settings.warmups()).append(" warm-up iteration(s) of ")
                .append(settings.warmupMillis()).append(" ms, then ").append(settings.iterations())
                .append(" measured iteration(s) of ").append(settings.iterationMillis())
                .append(" ms, average time per operation; W5, whose operation reads 11,000 rows and runs 5-10 times"
                        + " slower cold than warm, at least 4 warm-up iterations of 500 ms and measured iterations of"
                        + " at least 500 ms. Single-shot workloads (W2, W3, W4): ")
                .append(settings.shotWarmups()).append(" warm-up operation(s), then ").append(settings.shots())
                .append(" measured operation(s)")
                .append(settings.shots() > 1 ? " (W3: " + (settings.shots() - 1) + ")" : "").append(".\n");
        sb.append("- The figure of a run is JMH's score; a workload's ratio is the **median of the per-round ratios**"
                + " (r2orm's run over the other's run of the same round), with the spread (min–max) of those"
                + " rounds.\n");
        sb.append("- CPU time: the process's CPU time (`com.sun.management.OperatingSystemMXBean#getProcessCpuTime`,"
                + " every thread of the forked JVM: the caller, the driver's event loops, GC and JIT) summed over the"
                + " measured iterations only (warm-up left out, JMH's `IterationParams.getType()`), divided by the"
                + " operations run in them (by the rows, for W4). The clock ticks in steps of up to 10 ms here, so"
                + " figures of single-shot runs are coarse. W8 (no database) reports none.\n");
        sb.append("- Every R2DBC contender (r2orm, raw, Spring Data, jOOQ) has its own r2dbc-pool `ConnectionPool`,"
                + " built the same way: at most ").append(Databases.POOL_SIZE).append(" connections, none opened in"
                        + " advance, the pool's default local validation on borrow, 30 s acquire timeout. r2orm gets"
                        + " it through `Db.open(pool, config)` with its SQL logger off (`Logger.silent()`); the pool"
                        + " `Db.open(url)` builds itself (which validates every borrow with a round trip) is not"
                        + " measured here. Hibernate Reactive builds its own Vert.x pool of ")
                .append(Databases.POOL_SIZE).append(" connections (`hibernate.connection.pool_size`), SQL logging"
                        + " off. MariaDB is reached by r2dbc-mysql with `tcpNoDelay=true` (its default is off, which"
                        + " stalls small round trips; MariaDB's JDBC driver and Vert.x turn it on) and"
                        + " `connectionTimeZone=UTC`.\n");
        sb.append("- Heap of every forked JVM: 1 GB, except W3: 128 MB. JMH's `-prof gc` gives the allocated bytes"
                + " per operation (all threads, the driver's event loops included).\n");
        sb.append("- Statements per operation are counted by a `java.lang.reflect.Proxy` around the driver's"
                + " connections and statements (every `execute()` and every PostgreSQL `copyIn`), over warm-up and"
                + " measurement; all R2DBC contenders pay for the proxy alike. It cannot see Hibernate Reactive's"
                + " Vert.x traffic: n/a there.\n");
        sb.append("- Every result is checked before its time counts: each looked-up row's values, the row count and"
                + " five sums of the rows read or streamed, the rows updated, and the rows and sum in the table after"
                + " each insert operation.\n");
        sb.append("- Data: `benches(id, name varchar(64), amount bigint, flag boolean, at timestamptz)` (MariaDB:"
                + " `at datetime(6)` in UTC), rows numbered from 1; W5: `bench_parents(id, name)` with ")
                .append(String.format(Locale.ROOT, "%,d", Families.PARENTS)).append(" rows and `bench_children(id,"
                        + " parent_id, name, amount)` with ").append(Families.CHILDREN).append(" per parent, indexed"
                        + " on `parent_id`. PostgreSQL tables live in schemas `").append(Databases.READ)
                .append("`, `").append(Databases.BIG).append("` and `").append(Databases.LOAD)
                .append("`, MariaDB tables in databases of the same names, all created by the runner and dropped at"
                        + " its end; H2 runs in memory, filled in each fork.\n");
        sb.append("- W4 writes ").append(String.format(Locale.ROOT, "%,d", settings.insertRows()))
                .append(" rows per operation and compares per row; the one-row-at-a-time forms (Spring Data's, and"
                        + " Hibernate's, whose `IDENTITY` keys keep it from batching) write ")
                .append(String.format(Locale.ROOT, "%,d", settings.springInsertRows()))
                .append(" rows per operation").append(settings.springInsertRows() < settings.insertRows()
                        ? " in this mode (reduced so that the quick mode ends in minutes; `--full` uses the full"
                                + " count)" : "")
                .append(". Every form back-fills the generated keys into its entities except the COPY forms."
                        + " Raw forms write 1,000 rows per statement on one connection.\n");
        if (!settings.mode().equals("full")) {
            sb.append("- Trimmed in this mode to keep three databases and five contenders within about 30 minutes"
                    + " on two cores (the quick mode of 2026-12-02 ran two databases and three contenders in 9"
                    + " minutes, with iterations of 500 ms warm-up and 400 ms measured, 20,000 and 1,000 rows per W4"
                    + " operation and 1,000,000 streamed rows): timed iterations of ").append(settings.warmupMillis())
                    .append(" ms warm-up and ").append(settings.iterationMillis()).append(" ms measured, W4 at ")
                    .append(String.format(Locale.ROOT, "%,d", settings.insertRows())).append(" rows per operation"
                            + " and ").append(String.format(Locale.ROOT, "%,d", settings.springInsertRows()))
                    .append(" for the one-row forms, W3 over ")
                    .append(String.format(Locale.ROOT, "%,d", settings.streamRows())).append(" rows, and Spring"
                            + " Data's sequential `spring-insert` left to `--full` (its concurrent form, the faster"
                            + " of the two in every earlier report, stays). `--full` keeps every form and count.\n");
        }
        sb.append('\n');
        sb.append("## Ratios\n\n");
        ratios(sb);
        sb.append("\n\"best of\" forms: the ratio is taken, round by round, against the fastest of the listed forms."
                + " W8 has no database; its r2orm figures are absolute.\n\n");
        sb.append("## Every contender\n\n");
        contenders(sb);
        sb.append("\n## W3: streaming in a small heap\n\n");
        heap(sb);
        sb.append("\nThe largest heap left after any garbage collection during the fork (warm-up and measurement),"
                + " in a 128 MB JVM: ").append(String.format(Locale.ROOT, "%,d", settings.streamRows()))
                .append(" entities would need far more than that, so a flat figure means the stream holds no rows it"
                        + " has passed on.\n\n");
        sb.append("## What each contender does\n\n");
        Forms.append(sb);
        sb.append("## What the profiles show\n\n");
        sb.append(notes.isBlank() ? "No notes yet.\n" : notes.strip() + "\n");
        return sb.toString();
    }

    private static String pkg(Class<?> type, String fallback) {
        String v = type.getPackage().getImplementationVersion();
        return v == null ? fallback : v;
    }

    private static String h2() {
        try {
            return (String) Class.forName("org.h2.engine.Constants").getField("FULL_VERSION").get(null);
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String ram() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    static String time(double nanos) {
        if (Double.isNaN(nanos)) {
            return "n/a";
        }
        if (nanos < 1_000) {
            return String.format(Locale.ROOT, "%.1f ns", nanos);
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f B", v);
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f MB", v / 1024 / 1024);
    }
}
