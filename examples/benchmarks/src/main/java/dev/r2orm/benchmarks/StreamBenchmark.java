package dev.r2orm.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * W3: every row of a large table streamed as entities into a consumer that sums them, in a JVM whose heap (128 MB)
 * cannot hold the rows; {@link ForkStats} records the largest heap left after a collection. r2orm:
 * {@code db.model(Bench.class).find()}; raw: {@code SELECT} mapped by index; Spring Data:
 * {@code template.select(SpringBench.class).all()}. The sums are checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms128m", "-Xmx128m"})
public class StreamBenchmark {

    /** {@code postgres} or {@code h2}. */
    @Param({"postgres"})
    public String db = "";

    /** {@code r2orm}, {@code raw} or {@code spring}. */
    @Param({"r2orm", "raw", "spring"})
    public String contender = "";

    /** The rows of the table. */
    @Param("1000000")
    public long rows;

    private Contender c;
    private Data.Summary expected;

    /** Checks or fills the table and opens the contender. */
    @Setup(Level.Trial)
    public void setUp() {
        Fixture.rows(db, Databases.BIG, rows);
        expected = Data.Summary.expected(rows);
        c = Contender.open(contender, db, Databases.BIG);
        ForkStats.start();
    }

    /** Writes the fork's figures and closes the contender. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ForkStats.finish();
        c.close();
    }

    /** @return the rows streamed */
    @Benchmark
    public long stream() {
        Data.Summary s = c.stream().block();
        s.require(expected, "stream");
        return ForkStats.op(s.rows);
    }
}
