package dev.r2orm.migrate.cli;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.logger.Logger;
import dev.r2orm.migrate.MigrationReport;
import dev.r2orm.migrate.MigrationRun;
import dev.r2orm.migrate.MigrationRunner;
import dev.r2orm.migrate.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import reactor.core.publisher.Mono;

/**
 * The {@code r2orm-migrate} command: golang-migrate's command-line tool over R2DBC, on the same files and the same
 * {@code schema_migrations} table, so that either tool continues what the other did.
 *
 * <pre>
 * r2orm-migrate --path db/migrations --database postgres://app@localhost:5432/app?sslmode=disable up
 * java -jar reactive-migrate-VERSION-cli.jar -path db/migrations -database r2dbc:h2:file:///tmp/app version
 * </pre>
 *
 * <p>Options go before or after the command, with one dash (golang-migrate's {@code -path}) or two. Like
 * golang-migrate, everything the commands print goes to standard error: one line per file as it ends
 * ({@code 1/u create_users (12.68ms)}), {@code no change}, versions, problems, and {@code error: <message>}; only
 * {@code --help} and {@code --version} print on standard output.
 *
 * <p>Exit codes: 0 success (also {@code no change}, {@code --help}, {@code --version}); 1 any failure (a migration
 * error, a dirty database, a lock timeout, {@code version} with no migration, a declined question, {@code up N} or
 * {@code down N} short of N files: {@code error: limit K short}); 2 a usage error (no command, an unknown command or
 * option, a bad option value).
 */
@Command(name = "r2orm-migrate", sortOptions = false, versionProvider = MigrateCommand.VersionProvider.class,
        description = "Runs golang-migrate migration folders on PostgreSQL, MySQL, MariaDB and H2 through R2DBC,"
                + " on golang-migrate's schema_migrations table.",
        subcommands = {ChangeCommands.Up.class, ChangeCommands.Down.class, ChangeCommands.Goto.class,
                ChangeCommands.Force.class, ChangeCommands.Drop.class, InspectCommands.Version.class,
                InspectCommands.Status.class, InspectCommands.Validate.class, FileCommands.Hash.class,
                FileCommands.Create.class, FileCommands.Diff.class},
        footer = {"", "Database URLs: r2dbc:postgresql://user:password@host:5432/db?schema=s,"
                + " r2dbc:mysql://user:password@host:3306/db, r2dbc:h2:file:///path/db, or golang-migrate's"
                + " postgres://user:password@host:5432/db?sslmode=disable&search_path=s and"
                + " mysql://user:password@tcp(host:3306)/db (x-migrations-table=NAME sets the table).",
                "Output goes to standard error. Exit codes: 0 success or no change, 1 error, 2 usage error."})
public final class MigrateCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Option(names = {"--path", "-path"}, paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The migrations folder (or classpath:LOCATION).")
    @Nullable String path;

    @Option(names = {"--source", "-source"}, paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The migrations as file://DIR or classpath:LOCATION, instead of --path.")
    @Nullable String source;

    @Option(names = {"--database", "-database"}, paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The database: an R2DBC URL, or golang-migrate's postgres:// or mysql:// URL.")
    @Nullable String database;

    @Option(names = {"--table", "-table"}, paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The version table (default: the URL's x-migrations-table, else schema_migrations).")
    @Nullable String table;

    @Option(names = {"--lock-timeout", "-lock-timeout"}, paramLabel = "SECONDS", defaultValue = "15",
            scope = ScopeType.INHERIT, description = "How long to wait for another runner's lock (default: 15).")
    long lockTimeout;

    @Option(names = {"--verbose", "-verbose"}, scope = ScopeType.INHERIT,
            description = "Prefix lines with the time; print stack traces of errors.")
    boolean verbose;

    @Option(names = {"--out-of-order", "-out-of-order"}, scope = ScopeType.INHERIT,
            description = "Let up apply files below the database's version that were never applied.")
    boolean outOfOrder;

    @Option(names = {"-h", "--help", "-help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Print this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version", "-version"}, versionHelp = true,
            description = "Print the tool's version and exit.")
    boolean version;

    /** Injected by picocli before any command runs. */
    @Spec
    CommandSpec spec;

    private final Console console;

    private MigrateCommand(Console console) {
        this.console = console;
    }

    /**
     * Runs the tool and exits the JVM with its exit code (0 success, 1 error, 2 usage error).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the tool without exiting: prints on {@code err} (and {@code --help}, {@code --version} on {@code out}),
     * reads answers to questions from standard input.
     *
     * @param args the command line
     * @param out where {@code --help} and {@code --version} print
     * @param err where everything else prints
     * @return the exit code: 0 success, 1 error, 2 usage error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /**
     * Runs the tool without exiting.
     *
     * @param args the command line
     * @param in where the answers to {@code down} and {@code drop}'s questions are read
     * @param out where {@code --help} and {@code --version} print
     * @param err where everything else prints
     * @return the exit code: 0 success, 1 error, 2 usage error
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Console console = new Console(in, err);
        MigrateCommand root = new MigrateCommand(console);
        CommandLine cl = new CommandLine(root);
        PrintWriter outWriter = new PrintWriter(out, true);
        cl.setOut(outWriter);
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionStrategy(parsed -> {
            console.verbose(root.verbose);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            console.error(e);
            return FAILED;
        });
        cl.setParameterExceptionHandler((e, arguments) -> {
            console.line("error: " + e.getMessage());
            if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                console.line("Did you mean: " + String.join(" or ", u.getSuggestions()) + "?");
            }
            CommandLine at = e.getCommandLine();
            console.line("Usage: " + at.getHelp().synopsis(0).stripTrailing());
            console.line("Run '" + at.getCommandSpec().qualifiedName() + " --help' for more.");
            return USAGE;
        });
        int code = cl.execute(args);
        outWriter.flush();
        return code;
    }

    /** Without a command: prints the help on standard error and answers 2, as golang-migrate does. */
    @Override
    public Integer call() {
        console.line(spec.commandLine().getUsageMessage().stripTrailing());
        return USAGE;
    }

    Console console() {
        return console;
    }

    /** How long a command may take before the tool gives up: the lock timeout and ten minutes of work. */
    Duration timeout() {
        return Duration.ofSeconds(lockTimeout).plus(Duration.ofMinutes(10));
    }

    /**
     * Waits for a command's result.
     *
     * @throws IllegalStateException when the command gave nothing
     */
    <T> T await(Mono<T> work) {
        T value = work.block(timeout());
        if (value == null) {
            throw new IllegalStateException("the command completed without a result");
        }
        return value;
    }

    /** The migrations location, from {@code --path} or {@code --source}. */
    String location() {
        if (path != null && source != null) {
            throw new ParameterException(spec.commandLine(), "--path and --source are mutually exclusive: give one");
        }
        String location = path != null ? path : source;
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("no migrations folder: give --path DIR (or --source file://DIR,"
                    + " --source classpath:LOCATION)");
        }
        return location;
    }

    /** The folder on disk the location names. */
    Path folder(String location) {
        if (location.startsWith("classpath:")) {
            throw new IllegalArgumentException("cannot write into " + location + ": give the migrations folder on"
                    + " disk with --path DIR");
        }
        String p = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Path.of(p.startsWith("//") ? p.substring(2) : p);
    }

    /**
     * Opens the database, runs the work with a runner of the folder's migrations, and closes the database.
     *
     * @param readsFolder whether the command reads the migrations folder; {@code version} and {@code drop} do not
     * @param work what to do
     * @return the work's exit code
     */
    int onDatabase(boolean readsFolder, Function<MigrationRunner, Integer> work) {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("no database: give --database URL (an R2DBC URL such as"
                    + " r2dbc:postgresql://user@host:5432/db, or golang-migrate's postgres://... or mysql://...)");
        }
        if (lockTimeout <= 0) {
            throw new ParameterException(spec.commandLine(), "--lock-timeout must be a positive number of seconds: "
                    + lockTimeout);
        }
        DatabaseUrl url = DatabaseUrl.of(database);
        String location = readsFolder ? location() : path != null ? path : source != null ? source : ".";
        String versionTable = table != null ? table : url.table() != null ? url.table() : Migrations.DEFAULT_TABLE;
        Migrations migrations = Migrations.from(location).table(versionTable)
                .lockTimeout(Duration.ofSeconds(lockTimeout)).outOfOrder(outOfOrder);
        Db db = Db.open(url.r2dbcUrl(), Config.builder().logger(Logger.silent()).maxPoolSize(4).build());
        try {
            return work.apply(migrations.on(db));
        } finally {
            db.close();
        }
    }

    /**
     * Runs a command that applies or reverts files, printing each as it ends.
     *
     * @param run the command
     * @return 0, or 1 when fewer files existed than asked for ({@code error: limit K short})
     */
    int stream(MigrationRun run) {
        MigrationReport report = run.onEvent(e -> console.line(e.toString())).block(timeout());
        if (report == null || report.noChange()) {
            console.line("no change");
            return OK;
        }
        if (report.shortBy() > 0) {
            console.line("error: limit " + report.shortBy() + " short");
            return FAILED;
        }
        return OK;
    }

    /**
     * A command's whole-number argument, read as golang-migrate does: a bad one is an error (exit 1), not a usage
     * error.
     */
    static long number(String text, String what, long min) {
        long n;
        try {
            n = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("can't read " + what + " argument " + text
                    + ": give a whole number", e);
        }
        if (n < min) {
            throw new IllegalArgumentException(what + " argument must be at least " + min + ": " + text);
        }
        return n;
    }

    /** Reads the version from the build's {@code version.properties}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = MigrateCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"r2orm-migrate " + p.getProperty("version", "(unknown version)")};
        }
    }
}
