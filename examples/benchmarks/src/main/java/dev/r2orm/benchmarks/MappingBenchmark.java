package dev.r2orm.benchmarks;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.dialect.postgres.PostgresDialect;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
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
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;

/**
 * W8, no database: one in-memory row of five columns ({@link FakeRow}) mapped into an entity. r2orm: the mapper of
 * {@code RowMappers.entity(db.schema(Bench.class))}, as a query uses it (columns resolved on the first row, then read
 * by index); raw: by index into {@link Bench}; Spring Data: {@code R2dbcConverter.read(SpringBench.class, row,
 * metadata)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MappingBenchmark {

    /** {@code r2orm}, {@code raw} or {@code spring}. */
    @Param({"r2orm", "raw", "spring"})
    public String contender = "";

    private final FakeRow[] rows = new FakeRow[64];
    private int next;
    private Db orm;
    private BiFunction<Row, RowMetadata, Object> r2orm;
    private R2dbcConverter spring;

    /** Builds the rows and the mappers; connects to nothing. */
    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new FakeRow(i + 1);
        }
        orm = Db.open(ConnectionFactories.get("r2dbc:postgresql://none@localhost:5432/none"),
                Config.builder().dialect(new PostgresDialect()).logger(Logger.silent()).build());
        r2orm = RowMappers.entity(orm.schema(Bench.class));
        spring = new DefaultReactiveDataAccessStrategy(org.springframework.data.r2dbc.dialect.PostgresDialect.INSTANCE)
                .getConverter();
        for (FakeRow row : rows) {
            long n = row.get(0, Long.class);
            Object mapped = map(row);
            long ok = mapped instanceof Bench b ? Data.check(n, b.id, b.name, b.amount, b.flag, b.at)
                    : check(n, (SpringBench) mapped);
            Fixture.require(ok, 1, contender + " mapping");
        }
    }

    private static long check(long n, SpringBench b) {
        return Data.check(n, b.id, b.name, b.amount, b.flag, b.at);
    }

    /** Closes the unused pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        orm.close();
    }

    private Object map(FakeRow row) {
        return switch (contender) {
            case "r2orm" -> r2orm.apply(row, row);
            case "raw" -> byIndex(row);
            case "spring" -> spring.read(SpringBench.class, row, row);
            default -> throw new IllegalArgumentException("unknown contender " + contender);
        };
    }

    private static Bench byIndex(Row row) {
        Bench b = new Bench();
        b.id = row.get(0, Long.class);
        b.name = row.get(1, String.class);
        Long amount = row.get(2, Long.class);
        b.amount = amount == null ? 0 : amount;
        Boolean flag = row.get(3, Boolean.class);
        b.flag = flag != null && flag;
        b.at = row.get(4, Instant.class);
        return b;
    }

    /** @return the entity of the next row */
    @Benchmark
    public Object map() {
        FakeRow row = rows[next++ & (rows.length - 1)];
        return map(row);
    }
}
