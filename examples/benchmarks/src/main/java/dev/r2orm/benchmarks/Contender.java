package dev.r2orm.benchmarks;

import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One way of doing the workloads: r2orm, the raw driver, Spring Data R2DBC or jOOQ, each on an R2DBC pool of its own
 * built by {@link Databases#pool}, or Hibernate Reactive on the Vert.x pool it builds itself. Each method returns what
 * the benchmark checks before the time counts.
 */
abstract class Contender implements AutoCloseable {

    /** The contender's R2DBC pool; {@code null} for Hibernate Reactive, which has its own Vert.x pool. */
    final ConnectionPool pool;

    /** The database, {@code postgres}, {@code mariadb} or {@code h2}. */
    final String db;

    /**
     * A contender on a pool.
     *
     * @param db the database
     * @param pool the pool, or {@code null} for a contender that pools its own connections
     */
    Contender(String db, @Nullable ConnectionPool pool) {
        this.db = db;
        this.pool = pool;
    }

    /**
     * Opens a contender by the name a benchmark's {@code contender} parameter gives; the part before a dash picks the
     * library, the rest the form (for the insert workload).
     *
     * @param name for example {@code r2orm}, {@code raw-unnest}, {@code spring-insert}, {@code jooq},
     *     {@code hibernate}
     * @param db {@code postgres}, {@code mariadb} or {@code h2}
     * @param dataset the data set
     * @return the contender
     */
    static Contender open(String name, String db, String dataset) {
        String library = name.contains("-") ? name.substring(0, name.indexOf('-')) : name;
        if (library.equals("hibernate")) {
            return new HibernateContender(db, dataset);
        }
        ConnectionPool pool = Databases.pool(Databases.url(db, dataset));
        return switch (library) {
            case "r2orm" -> new R2ormContender(db, pool, name.equals("r2orm-observed"));
            case "raw" -> new RawContender(db, pool);
            case "spring" -> new SpringContender(db, pool);
            case "jooq" -> new JooqContender(db, pool, name.equals("jooq-multiset"));
            default -> throw new IllegalArgumentException("unknown contender " + name);
        };
    }

    /**
     * Reads the row with this key and checks it with {@link Data#check}.
     *
     * @param id the key
     * @return 1
     */
    abstract Mono<Long> lookup(long id);

    /**
     * Reads every row into a list of entities.
     *
     * @return the summary of the list
     */
    abstract Mono<Data.Summary> readAll();

    /**
     * Streams every row as entities into a consumer that sums them, holding none.
     *
     * @return the summary
     */
    abstract Mono<Data.Summary> stream();

    /**
     * Reads every parent of {@link Families} with its children.
     *
     * @return the summary of the parents and the children in their lists
     */
    abstract Mono<Families.Summary> preload();

    /**
     * Sets the amount of the row with this key.
     *
     * @param id the key
     * @param amount the new amount
     * @return the rows updated
     */
    abstract Mono<Long> update(long id, long amount);

    /**
     * Builds the entities the next {@link #insert} writes, rows 1 to {@code rows}, without keys.
     *
     * @param rows the row count
     */
    abstract void prepareInsert(int rows);

    /**
     * Writes the entities of {@link #prepareInsert} in the given form.
     *
     * @param form what follows the dash of the contender's name
     * @return the rows written
     */
    abstract Mono<Long> insert(String form);

    /**
     * {@code concurrency} lookups of random keys in flight at once.
     *
     * @param concurrency the lookups
     * @param rows the largest key
     * @return the lookups that passed their check
     */
    final Mono<Long> lookups(int concurrency, long rows) {
        if (concurrency == 1) {
            return lookup(1 + ThreadLocalRandom.current().nextLong(rows));
        }
        return Flux.range(0, concurrency)
                .flatMap(i -> lookup(1 + ThreadLocalRandom.current().nextLong(rows)), concurrency)
                .reduce(0L, Long::sum);
    }

    /**
     * {@code concurrency} updates of random keys in flight at once, each writing the amount the row was created with,
     * so the data set stays as {@link Data} describes it.
     *
     * @param concurrency the updates
     * @param rows the largest key
     * @return the rows updated
     */
    final Mono<Long> updates(int concurrency, long rows) {
        return Flux.range(0, concurrency)
                .flatMap(i -> {
                    long id = 1 + ThreadLocalRandom.current().nextLong(rows);
                    return update(id, Data.amount(id));
                }, concurrency)
                .reduce(0L, Long::sum);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.disposeLater().block(Duration.ofSeconds(30));
        }
    }
}
