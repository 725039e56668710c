package dev.r2orm.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * W3: every row of a large table streamed as entities into a consumer that sums them, in a JVM whose heap (128 MB)
 * cannot hold the rows; {@link ForkStats} records the largest heap left after a collection. r2orm:
 * {@code db.model(Bench.class).find()}; raw: {@code SELECT} mapped by index; Spring Data:
 * {@code template.select(SpringBench.class).all()}; jOOQ: {@code Flux.from(ctx.select(...))}. Hibernate Reactive cannot
 * stream and is left out. The sums are checked.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms128m", "-Xmx128m"})
public class StreamBenchmark extends TableBenchmark {

    /** {@code postgres} or {@code mariadb}. */
    @Param({"postgres", "mariadb"})
    public String db = "";

    /** The rows of the table. */
    @Param("1000000")
    public long rows;

    private Data.Summary expected;

    @Override
    String db() {
        return db;
    }

    @Override
    long rows() {
        return rows;
    }

    @Override
    String dataset() {
        return Databases.BIG;
    }

    /** Computes the sums the rows must have. */
    @Setup(Level.Trial)
    public void expect() {
        expected = Data.Summary.expected(rows);
    }

    /** @return the rows streamed */
    @Benchmark
    public long stream() {
        Data.Summary s = c.stream().block();
        s.require(expected, "stream");
        return ForkStats.op(s.rows);
    }
}
