package dev.r2orm.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * W6: 64 updates of random primary keys in flight (one operation = 64 updates), each setting {@code amount}. r2orm:
 * {@code db.model(Bench.class).where("id = ?", id).update("amount", v)}; raw: {@code UPDATE benches SET amount = $1
 * WHERE id = $2}; Spring Data: {@code template.update(query(where("id").is(id)), Update.update("amount", v),
 * SpringBench.class)}; jOOQ and Hibernate Reactive: see {@link JooqContender} and {@link HibernateContender}. Each
 * update must report one row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class UpdateBenchmark extends TableBenchmark {

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

    /** Checks the table is as it was: updates write the values it had. */
    @Override
    void afterClose() {
        Databases.requireRows(db, Databases.READ, rows);
    }

    /** @return 64, the rows updated */
    @Benchmark
    public long c64() {
        return ForkStats.op(Fixture.require(c.updates(64, rows).block(), 64, "rows updated"));
    }
}
