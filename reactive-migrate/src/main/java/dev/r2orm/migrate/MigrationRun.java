package dev.r2orm.migrate;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A migration command, lazy until subscribed: as a {@code Mono} it emits the {@link MigrationReport} once the
 * command has ended; {@link #events()} runs it instead as a {@code Flux} of the files applied, one
 * {@link MigrationEvent} as each ends, for progress. Each subscription runs the command again. Cancelling stops
 * before the next file; a PostgreSQL file running in its transaction is rolled back, elsewhere the statement running
 * ends and the version stays dirty, as a failure would leave it. The lock and connections are released either way.
 */
public final class MigrationRun extends Mono<MigrationReport> {

    private final Flux<Object> work;

    MigrationRun(Flux<Object> work) {
        this.work = work;
    }

    @Override
    public void subscribe(CoreSubscriber<? super MigrationReport> actual) {
        work.ofType(MigrationReport.class).last().subscribe(actual);
    }

    /**
     * Runs the command, emitting each file as it ends.
     *
     * @return the events; completes when the command ends, errors as the command does
     */
    public Flux<MigrationEvent> events() {
        return work.ofType(MigrationEvent.class);
    }
}
