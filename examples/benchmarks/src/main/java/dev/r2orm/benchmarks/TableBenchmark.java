package dev.r2orm.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;

/**
 * What the benchmarks over a filled table share: the contender, opened on the table once per fork, and the fork's
 * figures. A subclass names the databases and rows ({@code db}, {@code rows} parameters) and its data set.
 */
@State(Scope.Benchmark)
public abstract class TableBenchmark {

    /** {@code r2orm}, {@code raw}, {@code spring}, {@code jooq} or {@code hibernate}. */
    @Param({"r2orm", "raw", "spring", "jooq", "hibernate"})
    public String contender = "";

    /** The contender, open while the fork runs. */
    Contender c;

    /** @return {@code postgres}, {@code mariadb} or {@code h2}: the subclass's {@code db} parameter */
    abstract String db();

    /** @return the rows of the table: the subclass's {@code rows} parameter */
    abstract long rows();

    /** @return the data set the benchmark reads, one of {@link Databases}' */
    abstract String dataset();

    /** Checks or fills the table and opens the contender. */
    @Setup(Level.Trial)
    public void setUp() {
        Fixture.rows(db(), dataset(), rows());
        afterRows();
        c = Contender.open(contender, db(), dataset());
        ForkStats.start();
    }

    /**
     * Starts the CPU clock of a measured iteration.
     *
     * @param iteration JMH's iteration
     */
    @Setup(Level.Iteration)
    public void iterationStarts(IterationParams iteration) {
        ForkStats.iterationStarts(iteration);
    }

    /**
     * Stops the CPU clock of a measured iteration.
     *
     * @param iteration JMH's iteration
     */
    @TearDown(Level.Iteration)
    public void iterationEnds(IterationParams iteration) {
        ForkStats.iterationEnds(iteration);
    }

    /** Writes the fork's figures, closes the contender, and runs {@link #afterClose()}. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ForkStats.finish();
        c.close();
        afterClose();
    }

    /** More set-up once the table is filled or checked, before the contender opens; none by default. */
    void afterRows() {
    }

    /** A check once the contender is closed; none by default. */
    void afterClose() {
    }
}
