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
     * <p>Cancelling stops the command as the class comment says: before the next file, a file in its transaction rolled
     * back, the lock and connections released.
     *
     * @return the events; completes when the command ends, errors as the command does: the command's
     *     {@link MigrationException} (a failing file, a dirty database, a folder that does not match),
     *     {@link MigrationLockTimeoutException} or translated {@link dev.r2orm.R2ormException}
     */
    public Flux<MigrationEvent> events() {
        return work.ofType(MigrationEvent.class);
    }

    /**
     * Runs the command, telling each file to a listener as it ends, and emits the report.
     *
     * <p>Cancelling stops the command as the class comment says: before the next file, a file in its transaction rolled
     * back, the lock and connections released.
     *
     * @param listener called with each event, on the thread that ran the file; it must not block
     * @return the report, once the command has ended; errors as {@link #events()}, and with the listener's error, which
     *     stops the command as a cancel would
     */
    public Mono<MigrationReport> onEvent(java.util.function.Consumer<? super MigrationEvent> listener) {
        return work.doOnNext(o -> {
            if (o instanceof MigrationEvent e) {
                listener.accept(e);
            }
        }).ofType(MigrationReport.class).last();
    }
}
