package dev.r2orm.migrate;

import static dev.r2orm.dialect.CatalogRows.flag;
import static dev.r2orm.dialect.CatalogRows.num;
import static dev.r2orm.dialect.CatalogRows.str;

import dev.r2orm.Db;
import dev.r2orm.clause.Sql;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.migrate.MigrationStatus.FileStatus;
import dev.r2orm.migrate.MigrationStatus.State;
import dev.r2orm.migrate.StepPlanner.Plan;
import io.r2dbc.spi.Connection;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a folder's migrations on one database: golang-migrate's commands over R2DBC, with golang-migrate's table,
 * lock keys and dirty protocol, so either tool can continue what the other did. Every command is lazy until
 * subscribed and never blocks: it reads the folder, checks its integrity ({@code atlas.sum} and the history's
 * checksums), then, for a command that changes the database, takes the lock on a connection of its own (bounded by
 * {@link Migrations#lockTimeout}) and runs the files on another.
 *
 * <p>How a file runs: on PostgreSQL, in one transaction with its version row and history row, so a failure leaves
 * the previous version, clean; a file that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY},
 * {@code VACUUM}, ...) or starts with {@code -- r2orm:no-transaction} runs statement by statement instead. MySQL,
 * MariaDB and H2 commit each DDL statement: there a file that only changes data runs in one transaction the same
 * way, and a file with DDL runs statement by statement between golang-migrate's dirty and clean version writes; a
 * failure names the statement, those before it that were applied, and the {@code force} that recovers.
 */
public final class MigrationRunner {

    private final Migrations config;
    private final Db db;
    private final Executor executor;

    MigrationRunner(Migrations config, Db db) {
        this.config = config;
        this.db = db;
        this.executor = new Executor(db.connectionFactory(), db.dialect(), db.config().logger(),
                db.config().acquireTimeout(), config.statementTimeout());
    }

    /**
     * Applies every pending file (golang-migrate's {@code up}).
     *
     * <p>Cancelling stops before the next file, frees the lock and gives both connections back: a file running in its
     * transaction is rolled back; one running statement by statement ends with the statement in progress (stopped on
     * the server when it runs past the dialect's cancel grace) and leaves its version dirty, as a failure would.
     *
     * @return the command; its report says "no change" when nothing was pending. It signals {@link MigrationException}
     *     when a file fails (saying what was applied and how to recover), the database is dirty, or the folder,
     *     {@code atlas.sum} or an applied file does not match; {@link MigrationLockTimeoutException} when the lock is
     *     not had within {@link Migrations#lockTimeout}; the translated {@link dev.r2orm.R2ormException} of r2orm's own
     *     statements
     */
    public MigrationRun up() {
        return change("up", p -> p.up(Long.MAX_VALUE), true);
    }

    /**
     * Applies at most {@code n} pending files.
     *
     * <p>Cancelling stops before the next file, frees the lock and gives both connections back: a file running in its
     * transaction is rolled back; one running statement by statement ends with the statement in progress (stopped on
     * the server when it runs past the dialect's cancel grace) and leaves its version dirty, as a failure would.
     *
     * @param n how many, at least 1
     * @return the command; its report's {@code shortBy} says how many of the {@code n} did not exist. It signals
     *     {@link MigrationException} when a file fails (saying what was applied and how to recover), the database is
     *     dirty, or the folder, {@code atlas.sum} or an applied file does not match;
     *     {@link MigrationLockTimeoutException} when the lock is not had within {@link Migrations#lockTimeout}; the
     *     translated {@link dev.r2orm.R2ormException} of r2orm's own statements
     * @throws IllegalArgumentException when {@code n} is below 1
     */
    public MigrationRun up(int n) {
        long limit = positive(n);
        return change("up", p -> p.up(limit), true);
    }

    /**
     * Reverts the last {@code n} versions.
     *
     * <p>Cancelling stops before the next file, frees the lock and gives both connections back: a file running in its
     * transaction is rolled back; one running statement by statement ends with the statement in progress (stopped on
     * the server when it runs past the dialect's cancel grace) and leaves its version dirty, as a failure would.
     *
     * @param n how many, at least 1
     * @return the command. It signals {@link MigrationException} when a file fails (saying what was applied and how to
     *     recover), the database is dirty, or the folder, {@code atlas.sum} or an applied file does not match;
     *     {@link MigrationLockTimeoutException} when the lock is not had within {@link Migrations#lockTimeout}; the
     *     translated {@link dev.r2orm.R2ormException} of r2orm's own statements
     * @throws IllegalArgumentException when {@code n} is below 1
     */
    public MigrationRun down(int n) {
        long limit = positive(n);
        return change("down", p -> p.down(limit), false);
    }

    /**
     * Reverts every version.
     *
     * <p>Cancelling stops before the next file, frees the lock and gives both connections back: a file running in its
     * transaction is rolled back; one running statement by statement ends with the statement in progress (stopped on
     * the server when it runs past the dialect's cancel grace) and leaves its version dirty, as a failure would.
     *
     * @return the command. It signals {@link MigrationException} when a file fails (saying what was applied and how to
     *     recover), the database is dirty, or the folder, {@code atlas.sum} or an applied file does not match;
     *     {@link MigrationLockTimeoutException} when the lock is not had within {@link Migrations#lockTimeout}; the
     *     translated {@link dev.r2orm.R2ormException} of r2orm's own statements
     */
    public MigrationRun downAll() {
        return change("down", p -> p.down(Long.MAX_VALUE), false);
    }

    /**
     * Goes up or down to exactly {@code version} (golang-migrate's {@code goto}).
     *
     * <p>Cancelling stops before the next file, frees the lock and gives both connections back: a file running in its
     * transaction is rolled back; one running statement by statement ends with the statement in progress (stopped on
     * the server when it runs past the dialect's cancel grace) and leaves its version dirty, as a failure would.
     *
     * @param version a version the folder has, or -1 for none
     * @return the command. It signals {@link MigrationException} when a file fails (saying what was applied and how to
     *     recover), the database is dirty, or the folder, {@code atlas.sum} or an applied file does not match;
     *     {@link MigrationLockTimeoutException} when the lock is not had within {@link Migrations#lockTimeout}; the
     *     translated {@link dev.r2orm.R2ormException} of r2orm's own statements ({@link MigrationException} too for a
     *     version the folder does not have)
     */
    public MigrationRun gotoVersion(long version) {
        if (version < -1) {
            throw new IllegalArgumentException("goto needs a version of -1 or more: " + version);
        }
        return change("goto", p -> p.gotoVersion(version), false);
    }

    /**
     * Sets the version and clears the dirty flag without running anything (golang-migrate's {@code force}), after a
     * failed file was repaired by hand. Unlike golang-migrate it refuses a version the folder does not have.
     *
     * <p>Cancelling frees the lock and gives both connections back; the version and history rows are written in one
     * transaction, which a cancel before its commit rolls back (the tables r2orm creates when missing stay created).
     *
     * @param version a version the folder has, or -1 for none (empties the table)
     * @return the command. It signals {@link MigrationException} for a version the folder does not have,
     *     {@link MigrationLockTimeoutException} when the lock is not had within {@link Migrations#lockTimeout}, the
     *     translated {@link dev.r2orm.R2ormException} of a statement
     */
    public MigrationRun force(long version) {
        if (version < -1) {
            throw new IllegalArgumentException("force needs a version of -1 or more: " + version);
        }
        return new MigrationRun(directory(false).flatMapMany(dir -> {
            if (version >= 0 && !dir.has(version)) {
                return Flux.error(new MigrationException("no migration found for version " + version + " in "
                        + dir.location() + ": force a version the folder has, or -1"));
            }
            return locked(work -> readState(work).flatMapMany(state -> {
                String name = dir.up(version).or(() -> dir.down(version)).map(MigrationFile::name).orElse("");
                List<Sql> writes = new ArrayList<>(state.tables.writeVersion(version, false));
                writes.add(state.tables.insertHistory(new HistoryEntry(version, name, HistoryEntry.FORCE, "",
                        SchemaTables.now(), 0, 0, true)));
                return SchemaTables.inTransaction(executor, work, writes)
                        .thenReturn(new MigrationReport("force", state.version, version, List.of(), 0));
            }));
        }));
    }

    /**
     * Drops every table of the connection's current schema, the version and history tables included
     * (golang-migrate's {@code drop}); views, types and functions stay.
     *
     * <p>On MySQL and MariaDB the drops run with foreign key checks off, turned back on however they end (completed,
     * failed or cancelled) before the connection goes back to the pool.
     *
     * <p>Cancelling stops before the next {@code DROP TABLE}, frees the lock and gives both connections back: the
     * tables dropped stay dropped, and the drop in progress completes or is stopped on the server.
     *
     * @return the command. It signals {@link MigrationLockTimeoutException} when the lock is not had within
     *     {@link Migrations#lockTimeout}, the translated {@link dev.r2orm.R2ormException} of a statement (the tables
     *     dropped before it stay dropped)
     */
    public MigrationRun drop() {
        return new MigrationRun(locked(work -> readState(work).flatMapMany(state -> {
            SchemaTables t = state.tables;
            Flux<Long> drops = executor.query(work, t.baseTables(), RowMappers.lowerCaseMap())
                    .map(row -> str(row.get("name"))).collectList()
                    .flatMapMany(names -> Flux.fromIterable(names)
                            .concatMap(n -> executor.update(work, t.dropTable(n))));
            Flux<Long> run = drops;
            if (t.family == SchemaTables.Family.MYSQL) {
                // the checks come back on however the drops end, before the connection goes back to the pool
                Mono<Void> checksOn = executor.update(work, Sql.of("SET foreign_key_checks = 1")).then()
                        .onErrorResume(e -> Mono.empty());
                run = Flux.usingWhen(executor.update(work, Sql.of("SET foreign_key_checks = 0")), off -> drops,
                        off -> checksOn, (off, e) -> checksOn, off -> checksOn);
            }
            return run.then(Mono.just(new MigrationReport("drop", state.version, -1, List.of(), 0)));
        })));
    }

    /**
     * The database's version, read without the lock and without creating a table.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @return the version, -1 when the database has none; the translated {@link dev.r2orm.R2ormException} of a catalog
     *     query ({@link dev.r2orm.ConnectionUnavailableException} when no connection could be had)
     */
    public Mono<DatabaseVersion> version() {
        return executor.withConnection(this::readState).next()
                .map(s -> new DatabaseVersion(s.version, s.dirty));
    }

    /**
     * Every version's state and every problem: applied, pending, late (merged after a higher version ran), edited
     * since it was applied, missing from the folder; the sum file's check; the dirty flag. Changes nothing and takes
     * no lock.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @return the status, which holds the problems found (they are not signalled); {@link MigrationException} when the
     *     folder cannot be read, the translated {@link dev.r2orm.R2ormException} of a catalog query
     *     ({@link dev.r2orm.ConnectionUnavailableException} when no connection could be had)
     */
    public Mono<MigrationStatus> status() {
        return directory(true).flatMap(dir -> executor.withConnection(this::readState).next()
                .map(state -> status(dir, state)));
    }

    /**
     * Checks the folder and the database without changing anything, as {@link #status()} does; an application can
     * call it at start-up and refuse to start when {@link MigrationStatus#isValid()} is false.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @return the status, which holds the problems found (they are not signalled); {@link MigrationException} when the
     *     folder cannot be read, the translated {@link dev.r2orm.R2ormException} of a catalog query
     *     ({@link dev.r2orm.ConnectionUnavailableException} when no connection could be had)
     */
    public Mono<MigrationStatus> validate() {
        return status();
    }

    /**
     * Writes the up and down files that take the live database to the models: AutoMigrate's plan
     * ({@link dev.r2orm.migrator.Migrator#plan}) as SQL, each step's risk and reason as a comment at the top, and the
     * differences the plan leaves alone (a changed index) listed there too. Numbered after the folder's files (in
     * sequence when they are, else by time); {@code atlas.sum} is rewritten when the folder has one.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; the database is not changed. A cancel while
     * the files are written leaves those already written ({@code atlas.sum} may then not match them: run
     * {@link Migrations#hash()}).
     *
     * @param name the migration's name, such as {@code add_nickname}
     * @param models the models
     * @return the up and down paths; empty when the database already matches the models. Fails with
     *     {@link MigrationException} when files are pending (the diff is taken against the live database, so apply
     *     them first) or the location is not a folder on disk; {@link dev.r2orm.R2ormException} for a failed catalog
     *     query
     */
    public Mono<List<Path>> diff(String name, Class<?>... models) {
        return config.folder()
                .flatMap(folder -> directory(false).flatMap(dir -> diffAgainst(dir, folder, models, name)));
    }

    private Mono<List<Path>> diffAgainst(MigrationDirectory dir, Path folder, Class<?>[] models, String name) {
        return executor.withConnection(this::readState).next().flatMap(state -> {
            long pending = new Ledger(dir, state.version, state.history).files().stream()
                    .filter(f -> f.state() == State.PENDING || f.state() == State.LATE).count();
            if (pending > 0 || state.dirty) {
                return Mono.error(new MigrationException("the database is " + (state.dirty ? "dirty" : pending
                        + " migration(s) behind " + dir.location()) + ": the diff is taken against the live database,"
                        + " so apply the folder first"));
            }
            return db.migrator().plan(models).flatMap(plan -> plan.isEmpty() && plan.unresolved().isEmpty()
                    ? Mono.just(List.<Path>of())
                    : DiffFiles.write(dir, folder, name, plan, models));
        });
    }

    // ---------------------------------------------------------------------------------------------------------------

    private MigrationRun change(String command, Function<StepPlanner, Plan> planner, boolean precheck) {
        Flux<Object> work = directory(false).flatMapMany(dir -> {
            // a runner with nothing to do answers without waiting for the lock
            Mono<Object> nothingToDo = !precheck ? Mono.empty()
                    : executor.withConnection(this::readState).next().flatMap(s -> {
                        requireIntact(dir, s);
                        return !s.dirty && planner.apply(planner(dir, s)).steps().isEmpty()
                                ? Mono.just(new MigrationReport(command, s.version, s.version, List.of(), 0))
                                : Mono.empty();
                    });
            return nothingToDo.flux().switchIfEmpty(locked(c -> readState(c).flatMapMany(state -> {
                requireClean(state);
                requireIntact(dir, state);
                Plan plan = planner.apply(planner(dir, state));
                return new FileRunner(db, executor, c, state.tables).run(command, state.version, plan);
            })));
        });
        return new MigrationRun(work);
    }

    private StepPlanner planner(MigrationDirectory dir, DbState state) {
        return new StepPlanner(dir, state.version, new Ledger(dir, state.version, state.history), config.outOfOrder());
    }

    /** Resolves the target on one connection, then holds the lock on it while work runs on another. */
    private <T> Flux<T> locked(Function<Connection, ? extends Flux<T>> work) {
        return executor.withConnection(c -> SchemaTables.resolve(executor, c, config.table())).next()
                .flatMapMany(t -> DatabaseLock.around(executor, t, config.lockTimeout(),
                        c -> ensureTables(c, t).thenMany(Flux.defer(() -> work.apply(c)))));
    }

    private Mono<MigrationDirectory> directory(boolean forStatus) {
        return MigrationDirectory.load(config.location()).map(dir -> {
            if (!forStatus) {
                List<String> mismatches = sumMismatches(dir);
                if (!mismatches.isEmpty()) {
                    throw new MigrationException(String.join("; ", mismatches)
                            + ". If the change is intended, run hash to rewrite " + SumFile.FILE_NAME
                            + "; nothing was run");
                }
            }
            return dir;
        });
    }

    private static List<String> sumMismatches(MigrationDirectory dir) {
        List<String> out = new ArrayList<>();
        dir.sumFile().ifPresent(bytes -> {
            SumFile recorded = SumFile.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            for (SumFile.Mismatch m : recorded.check(SumFile.of(dir.contents()))) {
                out.add(SumFile.FILE_NAME + " in " + dir.location() + ": " + m.message());
            }
        });
        return out;
    }

    private static void requireClean(DbState state) {
        if (!state.dirty) {
            return;
        }
        StringBuilder sb = new StringBuilder("Dirty database version ").append(state.version).append(". ");
        HistoryEntry failed = null;
        for (HistoryEntry h : state.history) {
            failed = h.success() ? null : h;
        }
        if (failed != null) {
            sb.append("The last file run, version ").append(failed.version()).append(' ').append(failed.direction())
                    .append(" (").append(failed.name()).append("), failed at ").append(failed.appliedAt())
                    .append(" after ").append(failed.statements()).append(" of its statements were applied. ");
        } else {
            sb.append("A migration failed part way (the history does not say which: it may have been run by"
                    + " another tool). ");
        }
        sb.append("Check the database: if the file's changes are all there, force ").append(state.version)
                .append("; if none are, undo nothing and force the version before it; otherwise finish or undo"
                        + " them by hand first. Then run the command again.");
        throw new MigrationException(sb.toString());
    }

    private static void requireIntact(MigrationDirectory dir, DbState state) {
        List<String> edited = new ArrayList<>();
        for (FileStatus f : new Ledger(dir, state.version, state.history).files()) {
            if (f.state() == State.EDITED) {
                edited.add(f.detail());
            }
        }
        if (!edited.isEmpty()) {
            throw new MigrationException("applied files were edited: " + String.join("; ", edited)
                    + ". Restore them, or write the change as a new migration; nothing was run");
        }
    }

    private MigrationStatus status(MigrationDirectory dir, DbState state) {
        Ledger ledger = new Ledger(dir, state.version, state.history);
        List<FileStatus> files = ledger.files();
        List<String> problems = new ArrayList<>(sumMismatches(dir));
        List<String> warnings = new ArrayList<>();
        if (state.dirty) {
            problems.add("the database is at version " + state.version + ", dirty: a migration failed part way");
        }
        for (FileStatus f : files) {
            switch (f.state()) {
                case LATE -> problems.add("version " + f.version() + " (" + f.name() + ") is below the database's"
                        + " version " + state.version + " and was never applied");
                case EDITED -> problems.add(f.detail());
                case MISSING -> problems.add("version " + f.version() + " (" + f.name() + ") was applied but "
                        + f.detail());
                default -> {
                }
            }
        }
        if (dir.sumFile().isEmpty()) {
            warnings.add("no " + SumFile.FILE_NAME + " in " + dir.location()
                    + ": edits to applied files are found only through the history; run hash to write one");
        }
        for (String near : dir.nearMisses()) {
            warnings.add("ignored " + near);
        }
        return new MigrationStatus(dir.location(), state.version, state.dirty, files, problems, warnings);
    }

    private static long positive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of files must be at least 1: " + n);
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reading and creating the tables

    /** What the database holds: its tables, version and history. */
    record DbState(SchemaTables tables, boolean hasVersionTable, boolean hasHistory, long version, boolean dirty,
            List<HistoryEntry> history) {
    }

    private Mono<DbState> readState(Connection c) {
        return SchemaTables.resolve(executor, c, config.table()).flatMap(t -> readState(c, t));
    }

    private Mono<DbState> readState(Connection c, SchemaTables t) {
        return executor.query(c, t.existing(), RowMappers.lowerCaseMap()).map(row -> str(row.get("name")))
                .collectList()
                .flatMap(names -> {
                    boolean hasVersion = names.stream().anyMatch(n -> n.equalsIgnoreCase(t.table));
                    boolean hasHistory = names.stream().anyMatch(n -> n.equalsIgnoreCase(t.history));
                    Mono<long[]> version = !hasVersion ? Mono.just(new long[] {-1, 0})
                            : executor.query(c, t.readVersion(), RowMappers.lowerCaseMap()).next()
                                    .map(row -> new long[] {num(row.get("version")), flag(row.get("dirty")) ? 1 : 0})
                                    .defaultIfEmpty(new long[] {-1, 0});
                    Mono<List<HistoryEntry>> history = !hasHistory ? Mono.just(List.of())
                            : executor.query(c, t.readHistory(), RowMappers.lowerCaseMap()).map(MigrationRunner::entry)
                                    .collectList();
                    return Mono.zip(version, history,
                            (v, h) -> new DbState(t, hasVersion, hasHistory, v[0], v[1] == 1, h));
                });
    }

    private static HistoryEntry entry(Map<String, @Nullable Object> row) {
        return new HistoryEntry(num(row.get("version")), str(row.get("name")), str(row.get("direction")),
                str(row.get("checksum")), instant(row.get("applied_at")), num(row.get("duration_ms")),
                (int) num(row.get("statements")), flag(row.get("success")));
    }

    private static Instant instant(@Nullable Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return Instant.EPOCH;
    }

    /**
     * Creates the version and history tables when missing (golang-migrate's DDL for its table); history created on a
     * database already at a version starts with a baseline row at that version.
     */
    private Mono<Void> ensureTables(Connection c, SchemaTables t) {
        return readState(c, t).flatMap(state -> {
            List<Sql> ddl = new ArrayList<>();
            if (!state.hasVersionTable) {
                ddl.add(t.createVersionTable());
            }
            if (!state.hasHistory) {
                ddl.add(t.createHistoryTable());
                if (state.version >= 0) {
                    ddl.add(t.insertHistory(new HistoryEntry(state.version, "", HistoryEntry.BASELINE, "",
                            SchemaTables.now(), 0, 0, true)));
                }
            }
            return Flux.fromIterable(ddl).concatMap(s -> executor.update(c, s)).then();
        });
    }
}
