package dev.r2orm.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * W5: every parent of {@link Families} ({@value Families#PARENTS}) read with its {@value Families#CHILDREN} children.
 * r2orm: {@code db.model(BenchParent.class).preload("Children").find()}; raw, Spring Data and jOOQ: the parents, then
 * the children of all of them in one query, grouped by hand; Hibernate Reactive: {@code join fetch}. The parent count,
 * child count, amount sum, name lengths and each child's place are checked.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PreloadBenchmark extends TableBenchmark {

    /** {@code postgres}, {@code mariadb} or {@code h2}. */
    @Param({"postgres", "mariadb", "h2"})
    public String db = "";

    /** The rows of {@code benches} in the data set (checked, not read). */
    @Param("100000")
    public long rows;

    private Families.Summary expected = new Families.Summary();

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
        return Databases.READ;
    }

    /** Checks the families' tables (filled with the table on H2) and computes the summary they must give. */
    @Override
    void afterRows() {
        Families.require(db);
        expected = Families.Summary.expected();
    }

    /** @return the parents read */
    @Benchmark
    public long preload() {
        return ForkStats.op(c.preload().block().require(expected, "preload"));
    }
}
