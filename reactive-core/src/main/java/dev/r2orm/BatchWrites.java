package dev.r2orm;

import dev.r2orm.clause.Sql;
import dev.r2orm.internal.Executor;
import dev.r2orm.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The streamed writes of a {@link Db}: {@link Db#createInBatches} (chunks of multi-row INSERTs, requested with
 * backpressure) and {@link Db#copyIn} (PostgreSQL's {@code COPY ... FROM STDIN}, or chunks elsewhere).
 */
final class BatchWrites {

    /** The chunk size of {@link Db#copyIn} where the dialect has no bulk path. */
    static final int COPY_FALLBACK_CHUNK = 1_000;

    private BatchWrites() {
    }

    /**
     * Writes a source in chunks of {@code batchSize}, each as {@code createAll} does, one chunk at a time.
     *
     * @param db the database view (its session and bound transaction)
     * @param source the entities
     * @param batchSize entities per chunk
     * @param omitted fields or associations left out
     * @param <T> the model type
     * @return the created entities; {@link BatchFailedException} for a failed chunk
     */
    static <T> Flux<T> inChunks(Db db, Publisher<? extends T> source, int batchSize, Set<String> omitted) {
        return Flux.deferContextual(ctx -> {
            boolean inTransaction = db.executor().current(ctx) != null;
            long[] written = {0};
            // a chunk is emitted once written (and, outside a transaction, committed); the source's error waits
            // for the chunk in flight
            return Flux.<T>from(source).buffer(batchSize).index().concatMapDelayError(chunk -> {
                List<T> rows = chunk.getT2();
                long first = written[0];
                return Flux.defer(() -> db.createAll(new ArrayList<Object>(rows), schemaOf(db, rows), Set.of(),
                                omitted, null))
                        .collectList()
                        .onErrorMap(e -> new BatchFailedException(chunk.getT1(), first, rows.size(),
                                inTransaction ? 0 : first, e))
                        .doOnNext(created -> written[0] += created.size())
                        .<T>flatMapIterable(created -> {
                            @SuppressWarnings("unchecked")
                            List<T> typed = (List<T>) created;
                            return typed;
                        });
            }, false, 1);
        });
    }

    private static Schema schemaOf(Db db, List<?> rows) {
        return db.schemas().get(Objects.requireNonNull(rows.get(0), "entities must not hold null").getClass());
    }

    /**
     * Bulk-loads a source, as {@link Db#copyIn} describes.
     *
     * @param db the database view
     * @param schema the model's schema
     * @param source the entities
     * @param <T> the model type
     * @return the rows loaded
     */
    static <T> Mono<Long> copyIn(Db db, Schema schema, Publisher<? extends T> source) {
        Session session = db.currentSession();
        Executor executor = db.executor();
        boolean bulk = db.dialect().supportsCopyIn();
        return db.bound(Flux.from(source).switchOnFirst((first, rows) -> {
            if (!first.hasValue()) {
                return rows.then(Mono.just(0L));
            }
            CopyPlan plan = new CopyPlan(schema, Objects.requireNonNull(first.get()));
            long[] index = {0};
            if (!bulk) {
                Mono<Long> inserted = inChunks(db.session(session.withoutHooks()),
                        rows.doOnNext(e -> plan.check(e, index[0]++)), COPY_FALLBACK_CHUNK, Set.of(Associations.ALL))
                        .count();
                return session.dryRun() ? inserted.thenReturn(0L) : inserted;
            }
            String sql = db.dialect().copyInSql(schema.table(), plan.columns());
            Sql logged = new Sql(sql, List.of(), List.of());
            if (session.dryRun()) {
                return executor.dryRun(logged).then(Mono.just(0L));
            }
            Instant now = Instant.now();
            // the driver turns an error of the source into a failed COPY: signal the source's own error instead
            AtomicReference<Throwable> sourceError = new AtomicReference<>();
            Flux<@Nullable Object[]> values = rows.map(e -> plan.row(e, index[0]++, now)).doOnError(sourceError::set);
            return executor.withConnection(c -> executor.bulk(c, logged,
                            tick -> db.dialect().copyIn(c, sql, plan.columns(), values.doOnNext(row -> tick.run()))))
                    .onErrorMap(e -> sourceError.get() != null, e -> Objects.requireNonNull(sourceError.get()));
        }).map(Long.class::cast)).single();
    }
}
