package dev.r2orm.benchmarks;

import dev.r2orm.benchmarks.Workloads.Settings;
import dev.r2orm.benchmarks.Workloads.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every workload's contenders in forked JVMs, one JMH run per (round, workload, contender) in shuffled order,
 * then writes {@code BENCHMARKS.md} and the raw JMH results as JSON.
 *
 * <pre>
 * java -cp ... dev.r2orm.benchmarks.BenchmarkRunner [--quick | --full | --smoke] [--rounds N] [--only REGEX]
 *         [--contenders REGEX] [--seed N] [--prof stack] [--root DIR]
 * </pre>
 *
 * {@code --only} runs the workloads whose id and database match (for example {@code 'W1 c1 postgres'}) and writes
 * no report, only the console summary; {@code --contenders} runs only the contenders whose name matches (for example
 * {@code 'r2orm|raw'}), also without a report; these and {@code --smoke} write theirs to
 * {@code examples/benchmarks/target/benchmarks-partial.md} instead; {@code --smoke} is one short round with small row counts, to check
 * that everything runs; {@code --prof stack} adds JMH's stack profiler.
 */
public final class BenchmarkRunner {

    /**
     * One measured run.
     *
     * @param workload the workload
     * @param contender the contender
     * @param round the round, from 1
     * @param nanos the score in nanoseconds per operation (per row for per-row workloads)
     * @param bytes allocated bytes per operation (per row for per-row workloads), or NaN
     * @param stats the fork's {@link ForkStats} figures
     * @param result JMH's result
     */
    record Measured(Workload workload, String contender, int round, double nanos, double bytes, Properties stats,
            RunResult result) {

        double statementsPerOp() {
            long ops = Long.parseLong(stats.getProperty("ops", "0"));
            return ops == 0 ? Double.NaN : Long.parseLong(stats.getProperty("statements", "0")) / (double) ops;
        }

        /** @return the process's CPU time per measured operation (per row for per-row workloads), or NaN */
        double cpuNanos() {
            long ops = Long.parseLong(stats.getProperty("measuredOps", "0"));
            long cpu = Long.parseLong(stats.getProperty("measuredCpuNanos", "0"));
            return ops == 0 ? Double.NaN : cpu / (double) ops / workload.rowsOf(contender);
        }

        double copiesPerOp() {
            long ops = Long.parseLong(stats.getProperty("ops", "0"));
            return ops == 0 ? Double.NaN : Long.parseLong(stats.getProperty("copies", "0")) / (double) ops;
        }
    }

    private BenchmarkRunner() {
    }

    /**
     * Runs the benchmarks.
     *
     * @param args see the class comment
     * @throws Exception when a benchmark fails, a check fails, or PostgreSQL or MariaDB cannot be reached
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.quick();
        String only = null;
        String contenders = null;
        String prof = null;
        Integer rounds = null;
        long seed = System.nanoTime();
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = Settings.quick();
                case "--full" -> settings = Settings.full();
                case "--smoke" -> settings = Settings.smoke();
                case "--contenders" -> contenders = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--prof" -> prof = args[++i];
                case "--root" -> root = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (rounds != null) {
            settings = new Settings(settings.mode(), rounds, settings.warmups(), settings.iterations(),
                    settings.warmupMillis(), settings.iterationMillis(), settings.shotWarmups(), settings.shots(),
                    settings.insertRows(), settings.springInsertRows(), settings.streamRows());
        }
        List<Workload> workloads = new ArrayList<>();
        for (Workload w : Workloads.all(settings)) {
            if (only == null || (w.id() + " " + w.db()).matches(only)) {
                workloads.add(w);
            }
        }
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("no workload matches " + only);
        }
        List<String> servers = Databases.SERVERS.stream()
                .filter(db -> workloads.stream().anyMatch(w -> w.db().equals(db))).toList();
        Instant started = Instant.now();
        java.util.Map<String, String> serverVersions = new java.util.LinkedHashMap<>();
        List<Measured> measured = new ArrayList<>();
        Thread dropDataSets = new Thread(() -> dropDataSets(servers));
        Runtime.getRuntime().addShutdownHook(dropDataSets);   // also when interrupted
        try {
            for (String db : servers) {
                String version = Databases.text(Databases.serverUrl(db),
                        db.equals("postgres") ? "SHOW server_version" : "SELECT VERSION()");
                serverVersions.put(db, version);
                log(db + " " + version + ": creating " + (db.equals("postgres") ? "schemas " : "databases ")
                        + Databases.READ + ", " + Databases.BIG + ", " + Databases.LOAD);
                Databases.create(db, Databases.READ, 100_000);
                if (workloads.stream().anyMatch(w -> w.id().equals("W3") && w.db().equals(db))) {
                    Databases.create(db, Databases.BIG, settings.streamRows());
                }
                Databases.create(db, Databases.LOAD, 0);
            }
            List<String[]> cases = new ArrayList<>();
            for (int wi = 0; wi < workloads.size(); wi++) {
                for (String c : workloads.get(wi).contenders()) {
                    if (contenders != null && !c.matches(contenders)) {
                        continue;
                    }
                    cases.add(new String[] {Integer.toString(wi), c});
                }
            }
            Random random = new Random(seed);
            log(settings.mode() + ": " + settings.rounds() + " rounds of " + cases.size() + " runs, seed " + seed);
            for (int round = 1; round <= settings.rounds(); round++) {
                List<String[]> order = new ArrayList<>(cases);
                Collections.shuffle(order, random);
                int n = 0;
                for (String[] c : order) {
                    Workload w = workloads.get(Integer.parseInt(c[0]));
                    log("round " + round + "/" + settings.rounds() + ", run " + (++n) + "/" + order.size() + ": "
                            + w.id() + " " + w.db() + " " + c[1]);
                    long t0 = System.nanoTime();
                    Measured m = run(settings, w, c[1], round, prof);
                    String unit = w.perRow() ? "row" : "op";
                    log(String.format("  %.1f ns/%s, CPU %.1f ns/%s, %.0f B/%s, %.2f statements/op; run took %.1f s",
                            m.nanos(), unit, m.cpuNanos(), unit, m.bytes(), unit, m.statementsPerOp(),
                            (System.nanoTime() - t0) / 1e9));
                    measured.add(m);
                }
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(dropDataSets);
            dropDataSets(servers);
        }
        Duration took = Duration.between(started, Instant.now());
        Report report = new Report(settings, workloads, measured, seed, serverVersions, took);
        System.out.println(report.table());
        if (only == null && contenders == null && !settings.mode().equals("smoke")) {
            Path results = root.resolve("examples/benchmarks/results");
            Files.createDirectories(results);
            Path json = results.resolve("jmh-" + settings.mode() + ".json");
            try (PrintStream out = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
                List<RunResult> all = measured.stream().map(Measured::result).toList();
                ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(all);
            }
            Path md = root.resolve("BENCHMARKS.md");
            Files.writeString(md, report.markdown(notes(root), root.relativize(json).toString()));
            log("wrote " + md + " and " + json + " in " + took.toMinutes() + " min " + took.toSecondsPart() + " s");
        } else {
            // a partial or smoke run leaves BENCHMARKS.md alone: its report goes under target/ for a look
            Path partial = root.resolve("examples/benchmarks/target/benchmarks-partial.md");
            Files.createDirectories(partial.getParent());
            Files.writeString(partial, report.markdown(notes(root), "(not written)"));
            log("wrote " + partial);
        }
    }

    /** Drops the schemas (PostgreSQL) and databases (MariaDB) the runner created. */
    private static void dropDataSets(List<String> servers) {
        for (String db : servers) {
            Databases.run(Databases.serverUrl(db), Databases.drop(db, Databases.READ),
                    Databases.drop(db, Databases.BIG), Databases.drop(db, Databases.LOAD));
        }
    }

    private static String notes(Path root) throws IOException {
        Path p = root.resolve("examples/benchmarks/NOTES.md");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static Measured run(Settings s, Workload w, String contender, int round, String prof)
            throws RunnerException, IOException {
        Path stats = Files.createTempFile("r2orm-bench-", ".properties");
        try {
            List<String> jvm = new ArrayList<>(List.of("-Xms" + w.heap(), "-Xmx" + w.heap(),
                    "-Dr2orm.bench.stats=" + stats));
            for (String server : List.of("postgres", "mariadb")) {
                String url = System.getProperty("r2orm.bench." + server);
                if (url != null) {
                    jvm.add("-Dr2orm.bench." + server + "=" + url);
                }
            }
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include("^" + BenchmarkRunner.class.getPackageName().replace(".", "\\.") + "\\."
                            + w.benchmark().replace(".", "\\.") + "$")
                    .forks(1)
                    .threads(1)
                    .shouldFailOnError(true)
                    .verbosity(VerboseMode.SILENT)
                    .jvmArgsAppend(jvm.toArray(new String[0]))
                    .addProfiler(GCProfiler.class)
                    .param("contender", contender);
            if (!w.db().equals("none")) {
                o.param("db", w.db());
            }
            if (w.perRow()) {
                o.param("rows", Integer.toString(w.rowsOf(contender)));
            }
            w.params().forEach(o::param);
            if (w.singleShot()) {
                // the streamed table is ten times the others: one shot fewer
                int shots = w.id().equals("W3") ? Math.max(1, s.shots() - 1) : s.shots();
                o.warmupIterations(s.shotWarmups()).measurementIterations(shots);
            } else if (w.id().equals("W5")) {
                // an operation reads 11,000 rows: cold, the first take 5-10 times as long as warm ones
                o.warmupIterations(Math.max(s.warmups(), 4)).measurementIterations(s.iterations())
                        .warmupTime(TimeValue.milliseconds(Math.max(s.warmupMillis(), 500)))
                        .measurementTime(TimeValue.milliseconds(Math.max(s.iterationMillis(), 500)));
            } else {
                o.warmupIterations(s.warmups()).measurementIterations(s.iterations())
                        .warmupTime(TimeValue.milliseconds(s.warmupMillis()))
                        .measurementTime(TimeValue.milliseconds(s.iterationMillis()));
            }
            if ("stack".equals(prof)) {
                o.addProfiler(org.openjdk.jmh.profile.StackProfiler.class, "lines=12;top=12;detailLine=false");
                o.verbosity(VerboseMode.NORMAL);
            }
            Collection<RunResult> results = new Runner(o.build()).run();
            if (results.size() != 1) {
                throw new IllegalStateException(w.id() + " " + w.db() + " " + contender + ": expected one result, got "
                        + results.size());
            }
            RunResult r = results.iterator().next();
            if ("stack".equals(prof)) {
                for (var e : r.getSecondaryResults().entrySet()) {
                    if (e.getKey().contains("stack")) {
                        System.out.println(e.getValue().extendedInfo());
                    }
                }
            }
            Result<?> primary = r.getPrimaryResult();
            int rows = w.perRow() ? w.rowsOf(contender) : 1;
            double nanos = nanos(primary.getScore(), primary.getScoreUnit()) / rows;
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc == null) {
                alloc = r.getSecondaryResults().get("·gc.alloc.rate.norm");
            }
            double bytes = alloc == null ? Double.NaN : alloc.getScore() / rows;
            Properties p = new Properties();
            if (Files.size(stats) > 0) {
                try (InputStream in = Files.newInputStream(stats)) {
                    p.load(in);
                }
            }
            if (p.getProperty("ops") == null && !w.db().equals("none")) {
                throw new IllegalStateException(w.id() + " " + contender + ": the fork wrote no figures");
            }
            return new Measured(w, contender, round, nanos, bytes, p, r);
        } finally {
            Files.deleteIfExists(stats);
        }
    }

    private static double nanos(double score, String unit) {
        String u = unit.substring(0, unit.indexOf('/'));
        return switch (u) {
            case "ns" -> score;
            case "us" -> score * 1e3;
            case "ms" -> score * 1e6;
            case "s" -> score * 1e9;
            default -> throw new IllegalStateException("unexpected unit " + unit);
        };
    }

    private static void log(String line) {
        System.out.println("[bench] " + line);
    }
}
