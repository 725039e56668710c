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
 * W1: the row of a random primary key, one at a time ({@code c1}) and 64 in flight ({@code c64}, one operation = 64
 * lookups). r2orm: {@code db.model(Bench.class).first(id)}; raw: {@code SELECT ... WHERE id = $1}; Spring Data:
 * {@code template.selectOne(query(where("id").is(id)), SpringBench.class)}. Every row is checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PointLookupBenchmark {

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

    /** Checks or fills the table and opens the contender. */
    @Setup(Level.Trial)
    public void setUp() {
        Fixture.rows(db, Databases.READ, rows);
        c = Contender.open(contender, db, Databases.READ);
        ForkStats.start();
    }

    /** Writes the fork's figures and closes the contender. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ForkStats.finish();
        c.close();
    }

    /** @return 1, the lookups that passed */
    @Benchmark
    public long c1() {
        return ForkStats.op(Fixture.require(c.lookups(1, rows).block(), 1, "lookup"));
    }

    /** @return 64, the lookups that passed */
    @Benchmark
    public long c64() {
        return ForkStats.op(Fixture.require(c.lookups(64, rows).block(), 64, "lookups"));
    }
}
