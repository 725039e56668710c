package dev.r2orm.benchmarks;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.Query;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.postgres.PostgresDialect;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.ConnectionFactories;
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
 * W8, no database: r2orm renders a statement of a shape it has rendered before, from a cached
 * {@code db.model(Bench.class)}: {@code where("id = ?", id).toSql()} ({@code SELECT * FROM "benches" WHERE id = $1}),
 * and the shape {@code first(id)} runs, {@code where(...).order("id").limit(1).toSql()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RenderBenchmark {

    /** Only {@code r2orm}: the other contenders have no such step to measure apart. */
    @Param("r2orm")
    public String contender = "";

    private Db orm;
    private Query<Bench> benches;
    private long id;

    /** Opens r2orm on an unused PostgreSQL pool; connects to nothing. */
    @Setup(Level.Trial)
    public void setUp() {
        orm = Db.open(ConnectionFactories.get("r2dbc:postgresql://none@localhost:5432/none"),
                Config.builder().dialect(new PostgresDialect()).logger(Logger.silent()).build());
        benches = orm.model(Bench.class);
        Sql sql = benches.where("id = ?", 7L).toSql();
        if (!sql.sql().contains("id = $1") || !sql.binds().equals(java.util.List.of(7L))) {
            throw new IllegalStateException("unexpected rendering: " + sql.sql() + " " + sql.binds());
        }
    }

    /** Closes the unused pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        orm.close();
    }

    /** @return the rendered statement */
    @Benchmark
    public Sql whereId() {
        return benches.where("id = ?", ++id).toSql();
    }

    /** @return the rendered statement */
    @Benchmark
    public Sql firstById() {
        return benches.where("id = ?", ++id).order("id").limit(1).toSql();
    }
}
