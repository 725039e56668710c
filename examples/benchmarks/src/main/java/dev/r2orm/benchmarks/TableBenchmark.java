package dev.r2orm.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the benchmarks over a filled table share: the contender, opened on the table once per fork, and the fork's
 * figures. A subclass names the databases and rows ({@code db}, {@code rows} parameters) and its data set.
 */
@State(Scope.Benchmark)
public abstract class TableBenchmark {

    /** {@code r2orm}, {@code raw} or {@code spring}. */
    @Param({"r2orm", "raw", "spring"})
    public String contender = "";

    /** The contender, open while the fork runs. */
    Contender c;

    /** @return {@code postgres} or {@code h2}: the subclass's {@code db} parameter */
    abstract String db();

    /** @return the rows of the table: the subclass's {@code rows} parameter */
    abstract long rows();

    /** @return the data set the benchmark reads, one of {@link Databases}' */
    abstract String dataset();

    /** Checks or fills the table and opens the contender. */
    @Setup(Level.Trial)
    public void setUp() {
        Fixture.rows(db(), dataset(), rows());
        c = Contender.open(contender, db(), dataset());
        ForkStats.start();
    }

    /** Writes the fork's figures, closes the contender, and runs {@link #afterClose()}. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ForkStats.finish();
        c.close();
        afterClose();
    }

    /** A check once the contender is closed; none by default. */
    void afterClose() {
    }
}
