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
 * W2: every row of the table into a list of entities. r2orm: {@code db.model(Bench.class).find()}; raw: {@code SELECT}
 * mapped by index; Spring Data: {@code template.select(SpringBench.class).all()}. The list's sums are checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReadAllBenchmark {

    /** {@code postgres} or {@code h2}. */
    @Param({"postgres", "h2"})
    public String db = "";

    /** {@code r2orm}, {@code raw} or {@code spring}. */
    @Param({"r2orm", "raw", "spring"})
    public String contender = "";

    /** The rows of the table. */
    @Param("100000")
    public long rows;

    private Contender c;
    private Data.Summary expected;

    /** Checks or fills the table and opens the contender. */
    @Setup(Level.Trial)
    public void setUp() {
        Fixture.rows(db, Databases.READ, rows);
        expected = Data.Summary.expected(rows);
        c = Contender.open(contender, db, Databases.READ);
        ForkStats.start();
    }

    /** Writes the fork's figures and closes the contender. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ForkStats.finish();
        c.close();
    }

    /** @return the rows read */
    @Benchmark
    public long readAll() {
        Data.Summary s = c.readAll().block();
        s.require(expected, "readAll");
        return ForkStats.op(s.rows);
    }
}
