package dev.r2orm.migrate;

import dev.r2orm.Db;
import dev.r2orm.clause.Sql;
import dev.r2orm.internal.Executor;
import dev.r2orm.migrate.StepPlanner.Plan;
import dev.r2orm.migrate.StepPlanner.Step;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the files of a plan on the work connection, under the lock, one after the other, and writes their version and
 * history rows (see {@link MigrationRunner} for how each database runs a file).
 */
final class FileRunner {

    /** A first line that makes a PostgreSQL file run statement by statement, outside a transaction. */
    static final String NO_TRANSACTION = "r2orm:no-transaction";

    /** Statements PostgreSQL refuses inside a transaction block. */
    private static final Pattern OUTSIDE_TRANSACTION = Pattern.compile("^(create\\s+(unique\\s+)?index\\s+concurrently"
            + "|drop\\s+index\\s+concurrently|reindex\\s+.*concurrently|vacuum|create\\s+database|drop\\s+database"
            + "|alter\\s+system|create\\s+tablespace|drop\\s+tablespace|alter\\s+database)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** Statements that only read or change rows: transactional on every database here. */
    private static final Pattern DATA_ONLY = Pattern.compile("^(insert|update|delete|merge|replace|select|with)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final Db db;
    private final Executor executor;
    private final Connection c;
    private final SchemaTables t;

    FileRunner(Db db, Executor executor, Connection c, SchemaTables t) {
        this.db = db;
        this.executor = executor;
        this.c = c;
        this.t = t;
    }

    /**
     * Runs the plan.
     *
     * @param command the command, for the report
     * @param from the version before
     * @param plan the files
     * @return an event per file as it ends, then the report
     */
    Flux<Object> run(String command, long from, Plan plan) {
        return Flux.defer(() -> {
            List<MigrationEvent> done = new ArrayList<>();
            long[] at = {from};
            return Flux.fromIterable(plan.steps())
                    .concatMap(step -> db.operation("migration", null, run(step, at[0])).doOnNext(e -> {
                        done.add(e);
                        at[0] = step.target();
                    }))
                    .cast(Object.class)
                    .concatWith(Mono.fromCallable(() -> new MigrationReport(command, from, at[0], done,
                            plan.shortBy())));
        });
    }

    private Mono<MigrationEvent> run(Step step, long before) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            MigrationFile file = step.file();
            String text = file == null ? "" : file.sql();
            List<SqlSplitter.Statement> statements = SqlSplitter.split(text, t.family == SchemaTables.Family.POSTGRES);
            String name = file == null ? "" : file.name();
            if (statements.isEmpty()) {
                return SchemaTables.inTransaction(executor, c, finish(step, name, "", start, 0, true))
                        .thenReturn(event(step, name, start, 0, true));
            }
            String checksum = Ledger.checksum(file.bytes());
            if (runsInTransaction(text, statements)) {
                return atomic(step, file, text, statements, checksum, start, before);
            }
            return stepwise(step, file, statements, checksum, start, before);
        });
    }

    /**
     * Whether a file runs in one transaction with its version row: on PostgreSQL unless a statement cannot run in a
     * transaction; elsewhere when it only changes data, since MySQL, MariaDB and H2 commit each DDL statement. The
     * first line {@code -- r2orm:no-transaction} opts out.
     */
    private boolean runsInTransaction(String text, List<SqlSplitter.Statement> statements) {
        if (text.stripLeading().toLowerCase(Locale.ROOT).startsWith("-- " + NO_TRANSACTION)) {
            return false;
        }
        if (t.family == SchemaTables.Family.POSTGRES) {
            return statements.stream().noneMatch(s -> OUTSIDE_TRANSACTION.matcher(s.sql()).matches());
        }
        return statements.stream().allMatch(s -> DATA_ONLY.matcher(s.sql()).matches());
    }

    /**
     * The file, its version and history rows, in one transaction: on PostgreSQL the whole file as one query (as
     * golang-migrate sends it), elsewhere statement by statement.
     */
    private Mono<MigrationEvent> atomic(Step step, MigrationFile file, String text,
            List<SqlSplitter.Statement> statements, String checksum, long start, long before) {
        int count = statements.size();
        return Flux.usingWhen(Mono.from(c.beginTransaction()).thenReturn(c),
                        tx -> body(tx, text, statements).thenMany(Flux.defer(() ->
                                Flux.fromIterable(finish(step, file.name(), checksum, start, count, true))
                                        .concatMap(s -> executor.update(tx, s)))),
                        tx -> tx.commitTransaction(),
                        (tx, e) -> tx.rollbackTransaction(),
                        tx -> tx.rollbackTransaction())
                .then(Mono.fromCallable(() -> event(step, file.name(), start, count, false)))
                .onErrorMap(e -> !(e instanceof MigrationException), e -> {
                    Throwable cause = e instanceof StatementFailure f ? f.getCause() : e;
                    String where = e instanceof StatementFailure f ? " at statement " + f.statement.index() + " of "
                            + count + " (line " + f.statement.line() + ")"
                            : t.family == SchemaTables.Family.POSTGRES ? PostgresErrors.at(e, text) : "";
                    return new MigrationException("migration " + label(step, file) + " failed" + where + ": "
                            + rootMessage(cause) + ". It ran in one transaction with its version row, so none of it"
                            + " was applied: the database is still at version " + before + ", clean. Fix the"
                            + " file and run the command again", cause);
                });
    }

    private Mono<Long> body(Connection tx, String text, List<SqlSplitter.Statement> statements) {
        if (t.family == SchemaTables.Family.POSTGRES) {
            return executor.update(tx, Sql.of(text));
        }
        return Flux.fromIterable(statements)
                .concatMap(s -> executor.update(tx, Sql.of(send(s))).onErrorMap(e -> new StatementFailure(s, e)))
                .reduce(0L, Long::sum);
    }

    /** A statement as the driver must get it: r2dbc-h2 cuts at every semicolon. */
    private String send(SqlSplitter.Statement s) {
        return t.family == SchemaTables.Family.H2 ? H2Statements.protect(s.sql()) : s.sql();
    }

    /** golang-migrate's protocol: the target version written dirty, the statements one by one, then clean. */
    private Mono<MigrationEvent> stepwise(Step step, MigrationFile file, List<SqlSplitter.Statement> statements,
            String checksum, long start, long before) {
        AtomicInteger applied = new AtomicInteger();
        Mono<Void> body = Flux.fromIterable(statements)
                .concatMap(s -> executor.update(c, Sql.of(send(s)))
                        .onErrorMap(e -> new StatementFailure(s, e))
                        .doOnSuccess(n -> applied.incrementAndGet()))
                .then();
        return SchemaTables.inTransaction(executor, c, t.writeVersion(step.target(), true))
                .then(body)
                .then(Mono.defer(() -> SchemaTables.inTransaction(executor, c,
                        finish(step, file.name(), checksum, start, statements.size(), true))))
                .then(Mono.fromCallable(() -> event(step, file.name(), start, statements.size(), false)))
                .onErrorResume(StatementFailure.class, f -> {
                    MigrationException error = stepFailure(step, file, statements, f, applied.get(), before);
                    Sql failed = t.insertHistory(new HistoryEntry(step.version(), file.name(),
                            step.direction().word(), checksum, SchemaTables.now(), millis(start), applied.get(),
                            false));
                    return executor.update(c, failed)
                            .onErrorResume(x -> {
                                error.addSuppressed(x);
                                return Mono.empty();
                            })
                            .then(Mono.error(error));
                });
    }

    private MigrationException stepFailure(Step step, MigrationFile file, List<SqlSplitter.Statement> statements,
            StatementFailure f, int applied, long before) {
        SqlSplitter.Statement s = f.statement;
        StringBuilder sb = new StringBuilder("migration ").append(label(step, file)).append(" failed at statement ")
                .append(s.index()).append(" of ").append(statements.size()).append(" (line ").append(s.line())
                .append("): ").append(rootMessage(f.getCause())).append("\n  ").append(abbreviate(s.sql()));
        if (applied == 0) {
            sb.append("\nNo statement of this file was applied.");
        } else {
            sb.append("\nStatements 1 to ").append(applied).append(" of this file were applied and stay applied (")
                    .append(t.family == SchemaTables.Family.POSTGRES ? "the file runs outside a transaction"
                            : t.dialect.name() + " commits each DDL statement").append("):");
            for (int i = 0; i < applied; i++) {
                SqlSplitter.Statement done = statements.get(i);
                sb.append("\n  ").append(done.index()).append(" (line ").append(done.line()).append("): ")
                        .append(abbreviate(done.sql()));
            }
        }
        sb.append("\nThe database is at version ").append(step.target()).append(", dirty. Undo ")
                .append(applied == 0 ? "nothing" : "those statements").append(" and run force ").append(before)
                .append(", or finish the file by hand and run force ").append(step.target())
                .append("; then run the command again.");
        return new MigrationException(sb.toString(), f.getCause());
    }

    /** The version row and the history row that close a file. */
    private List<Sql> finish(Step step, String name, String checksum, long start, int statements, boolean success) {
        List<Sql> out = new ArrayList<>(t.writeVersion(step.target(), false));
        out.add(t.insertHistory(new HistoryEntry(step.version(), name, step.direction().word(), checksum,
                SchemaTables.now(), millis(start), statements, success)));
        return out;
    }

    private static MigrationEvent event(Step step, String name, long start, int statements, boolean empty) {
        return new MigrationEvent(step.version(), name, step.direction(), Duration.ofNanos(System.nanoTime() - start),
                statements, empty);
    }

    private static String label(Step step, MigrationFile file) {
        return step.version() + "/" + step.direction().mark() + " " + file.name() + " (" + file.fileName() + ")";
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String abbreviate(String sql) {
        String one = sql.strip().replaceAll("\\s+", " ");
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }

    /** The database's own words: the driver's message under r2orm's translation. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** A statement of a stepwise file failed. */
    private static final class StatementFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SqlSplitter.Statement statement;

        StatementFailure(SqlSplitter.Statement statement, Throwable cause) {
            super(cause);
            this.statement = statement;
        }
    }
}
