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
 * W2: every row of the table into a list of entities. r2orm: {@code db.model(Bench.class).find()}; raw: {@code SELECT}
 * mapped by index; Spring Data: {@code template.select(SpringBench.class).all()}; jOOQ and Hibernate Reactive: see
 * {@link JooqContender} and {@link HibernateContender}. The list's sums are checked.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReadAllBenchmark extends TableBenchmark {

    /** {@code postgres}, {@code mariadb} or {@code h2}. */
    @Param({"postgres", "mariadb", "h2"})
    public String db = "";

    /** The rows of the table. */
    @Param("100000")
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
        return Databases.READ;
    }

    /** Computes the sums the rows must have. */
    @Setup(Level.Trial)
    public void expect() {
        expected = Data.Summary.expected(rows);
    }

    /** @return the rows read */
    @Benchmark
    public long readAll() {
        Data.Summary s = c.readAll().block();
        s.require(expected, "readAll");
        return ForkStats.op(s.rows);
    }
}
