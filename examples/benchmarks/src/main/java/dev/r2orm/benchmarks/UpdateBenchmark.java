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
 * W6: 64 updates of random primary keys in flight (one operation = 64 updates), each setting {@code amount}. r2orm:
 * {@code db.model(Bench.class).where("id = ?", id).update("amount", v)}; raw: {@code UPDATE benches SET amount = $1
 * WHERE id = $2}; Spring Data: {@code template.update(query(where("id").is(id)), Update.update("amount", v),
 * SpringBench.class)}. Each update must report one row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class UpdateBenchmark {

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

    /** Writes the fork's figures, closes the contender, and checks the table is as it was. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ForkStats.finish();
        c.close();
        Databases.requireRows(db, Databases.READ, rows);
    }

    /** @return 64, the rows updated */
    @Benchmark
    public long c64() {
        return ForkStats.op(Fixture.require(c.updates(64, rows).block(), 64, "rows updated"));
    }
}
