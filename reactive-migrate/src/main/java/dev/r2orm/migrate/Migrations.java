package dev.r2orm.migrate;

import dev.r2orm.Db;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Versioned SQL migrations from a golang-migrate folder, ready to run on a database:
 * <pre>{@code
 * Mono<Void> migrated = Migrations.from("classpath:db/migrations").on(db).up().then();   // before serving
 * Migrations.from(Path.of("migrations")).table("schema_migrations").lockTimeout(Duration.ofSeconds(30))
 *         .on(db).down(1);
 * }</pre>
 * Immutable: each setter returns a copy. Nothing is read before a command is subscribed.
 */
public final class Migrations {

    /** golang-migrate's table name. */
    public static final String DEFAULT_TABLE = "schema_migrations";

    /** How long a command waits for another runner's lock by default. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(15);

    private final String location;
    private final String table;
    private final Duration lockTimeout;
    private final boolean outOfOrder;

    /** The statement timeout of migration statements unless set. */
    static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofHours(1);

    private final Duration statementTimeout;

    private Migrations(String location, String table, Duration lockTimeout, boolean outOfOrder,
            Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
        this.location = location;
        this.table = table;
        this.lockTimeout = lockTimeout;
        this.outOfOrder = outOfOrder;
    }

    /**
     * Migrations from a folder path or a class path location.
     *
     * @param location a folder ({@code migrations}, {@code file:/srv/migrations}) or {@code classpath:db/migrations}
     * @return the migrations
     */
    public static Migrations from(String location) {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new IllegalArgumentException("the migrations location is empty: give a folder or classpath:path");
        }
        return new Migrations(location, DEFAULT_TABLE, DEFAULT_LOCK_TIMEOUT, false, DEFAULT_STATEMENT_TIMEOUT);
    }

    /**
     * Migrations from a folder.
     *
     * @param folder the folder
     * @return the migrations
     */
    public static Migrations from(Path folder) {
        return from(folder.toString());
    }

    /**
     * The version table (golang-migrate's {@code x-migrations-table}); its history table is named after it with
     * {@code _history}.
     *
     * @param name the table, in the connection's current schema
     * @return a copy using it
     * @throws IllegalArgumentException when the name is empty, too long or holds a quote or a NUL
     */
    public Migrations table(String name) {
        if (name.isEmpty() || name.length() > 55 || name.chars().anyMatch(c -> c == '"' || c == '`' || c == '\''
                || c == 0)) {
            throw new IllegalArgumentException("bad migrations table name '" + name
                    + "': 1 to 55 characters without quotes, backticks or NUL");
        }
        return new Migrations(location, name, lockTimeout, outOfOrder, statementTimeout);
    }

    /**
     * How long a command waits for another runner (r2orm or golang-migrate) to free the lock.
     *
     * @param timeout a positive duration; default 15 s
     * @return a copy using it
     */
    public Migrations lockTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("lockTimeout must be positive: " + timeout);
        }
        return new Migrations(location, table, timeout, outOfOrder, statementTimeout);
    }

    /**
     * Whether {@code up} applies a file whose version is below the database's yet was never applied (merged after a
     * higher version ran). By default such a file stops {@code up} with an error naming it.
     *
     * @param allow whether to apply such files, before the pending ones; the version is not moved back
     * @return a copy using it
     */
    public Migrations outOfOrder(boolean allow) {
        return new Migrations(location, table, lockTimeout, allow, statementTimeout);
    }

    /** @return the folder */
    public String location() {
        return location;
    }

    /** @return the version table */
    public String table() {
        return table;
    }

    /** @return the lock timeout */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * How long one statement of a migration may go without an answer before it fails with
     * {@link dev.r2orm.StatementTimeoutException} (and the file is reported as failed). Migrations build indexes and
     * rewrite tables, so the default is long.
     *
     * @param timeout a positive duration; default 1 hour
     * @return a copy using it
     */
    public Migrations statementTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("statementTimeout must be positive: " + timeout);
        }
        return new Migrations(location, table, lockTimeout, outOfOrder, timeout);
    }

    /** @return the statement timeout of migration statements */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** @return whether late files are applied */
    public boolean outOfOrder() {
        return outOfOrder;
    }

    /**
     * Writes {@code atlas.sum} for the folder's migration files (Atlas's format), so that every command checks them.
     *
     * <p>Cancelling stops before the write; a write that has begun, on a bounded-elastic thread, completes.
     *
     * @return the sum written; fails with {@link MigrationException} when the location is not a folder on disk, or
     *     when the folder cannot be read or the file written
     */
    public Mono<SumFile> hash() {
        return folder().flatMap(dir -> MigrationDirectory.load(dir).flatMap(d -> writeSum(dir, d)));
    }

    /**
     * Creates the empty up and down files of a new migration as golang-migrate's {@code create} does, and rewrites
     * {@code atlas.sum} when the folder has one.
     *
     * <p>Cancelling stops before the next step (the files, then {@code atlas.sum}); a file whose write has begun, on a
     * bounded-elastic thread, is written, so a cancel may leave the files without their {@code atlas.sum} line: run
     * {@link #hash()}.
     *
     * @param name the migration's name, such as {@code create_users}
     * @param options the extension and how to number the files
     * @return the up and down paths; {@link MigrationException} when the location is not a folder on disk, a file of
     *     that version exists, or a file cannot be written; {@link IllegalArgumentException} for a blank name
     */
    public Mono<List<Path>> create(String name, MigrationNames.Options options) {
        return folder().flatMap(dir -> MigrationNames.create(dir, name, options)
                .flatMap(paths -> refreshSum(dir).thenReturn(paths)));
    }

    /** The folder on disk this location names; a class path location cannot be written. */
    Mono<Path> folder() {
        if (location.startsWith("classpath:")) {
            return Mono.error(new MigrationException("cannot write into " + location
                    + ": give the migrations folder on disk"));
        }
        return Mono.fromCallable(() -> MigrationDirectory.path(location));
    }

    /** Rewrites the folder's atlas.sum if it has one. */
    static Mono<Void> refreshSum(Path dir) {
        return MigrationDirectory.load(dir).flatMap(d -> d.sumFile().isPresent() ? writeSum(dir, d).then()
                : Mono.empty());
    }

    private static Mono<SumFile> writeSum(Path dir, MigrationDirectory d) {
        SumFile sum = SumFile.of(d.contents());
        return Mono.fromCallable(() -> {
            Files.writeString(dir.resolve(SumFile.FILE_NAME), sum.text(), StandardCharsets.UTF_8);
            return sum;
        }).subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(IOException.class, e -> new MigrationException("cannot write "
                        + dir.resolve(SumFile.FILE_NAME) + ": " + e.getMessage(), e));
    }

    /**
     * Binds the migrations to a database.
     *
     * @param db the database; its pool gives the runner two connections at a time (the lock's and the work's)
     * @return the runner
     */
    public MigrationRunner on(Db db) {
        return new MigrationRunner(this, db);
    }
}
