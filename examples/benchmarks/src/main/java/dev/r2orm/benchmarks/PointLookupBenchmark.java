package dev.r2orm.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * W1: the row of a random primary key, one at a time ({@code c1}) and 64 in flight ({@code c64}, one operation = 64
 * lookups). r2orm: {@code db.model(Bench.class).first(id)}; raw: {@code SELECT ... WHERE id = $1}; Spring Data:
 * {@code template.selectOne(query(where("id").is(id)), SpringBench.class)}; jOOQ and Hibernate Reactive: see
 * {@link JooqContender} and {@link HibernateContender}. Every row is checked.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PointLookupBenchmark extends TableBenchmark {

    /** {@code postgres}, {@code mariadb} or {@code h2}. */
    @Param({"postgres", "mariadb", "h2"})
    public String db = "";

    /** The rows of the table. */
    @Param("100000")
    public long rows;


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
