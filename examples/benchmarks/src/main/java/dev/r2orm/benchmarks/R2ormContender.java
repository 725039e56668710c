package dev.r2orm.benchmarks;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.Query;
import dev.r2orm.logger.Logger;
import dev.r2orm.plugins.observation.ObservationPlugin;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.pool.ConnectionPool;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * r2orm on the contender's pool, with the SQL logger off (the other contenders log nothing either); as
 * {@code r2orm-observed}, with {@code ObservationPlugin} feeding a Micrometer timer per operation.
 */
final class R2ormContender extends Contender {

    private final Db orm;
    private final Query<Bench> benches;
    private final Query<BenchParent> families;
    private List<Bench> toInsert = List.of();

    R2ormContender(String db, ConnectionPool pool, boolean observed) {
        super(db, pool);
        Config.Builder config = Config.builder().logger(Logger.silent());
        if (observed) {
            // as a Spring Boot application with metrics has it: every observation ends in a timer
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(
                    new SimpleMeterRegistry()));
            config.plugin(ObservationPlugin.of(registry));
        }
        this.orm = Db.open(pool, config.build());
        this.benches = orm.model(Bench.class);
        this.families = orm.model(BenchParent.class).preload("Children");
    }

    @Override
    Mono<Long> lookup(long id) {
        return benches.first(id).map(b -> Data.check(id, b.id, b.name, b.amount, b.flag, b.at));
    }

    @Override
    Mono<Data.Summary> readAll() {
        return benches.find().collectList().map(Data.Summary::ofBenches);
    }

    @Override
    Mono<Data.Summary> stream() {
        return benches.find().reduce(new Data.Summary(), (s, b) -> s.add(b.id, b.name, b.amount, b.flag, b.at));
    }

    /** {@code db.model(BenchParent.class).preload("Children").find()}: the parents, then one {@code IN} query. */
    @Override
    Mono<Families.Summary> preload() {
        return families.find().collectList().map(Families.Summary::ofParents);
    }

    @Override
    Mono<Long> update(long id, long amount) {
        return benches.where("id = ?", id).update("amount", amount);
    }

    @Override
    void prepareInsert(int rows) {
        toInsert = Bench.numbered(rows);
    }

    @Override
    Mono<Long> insert(String form) {
        List<Bench> rows = toInsert;
        return switch (form) {
            case "batches" -> orm.createInBatches(Flux.fromIterable(rows), 1000).filter(b -> b.id != null).count();
            case "createAll" -> orm.createAll(rows).filter(b -> b.id != null).count();
            case "copyIn" -> orm.copyIn(Bench.class, Flux.fromIterable(rows));
            default -> throw new IllegalArgumentException("r2orm has no insert form " + form);
        };
    }

    @Override
    public void close() {
        orm.close();
        super.close();
    }
}
