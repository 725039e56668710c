package dev.r2orm.migrate.cli;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The commands that change the database: {@code up}, {@code down}, {@code goto}, {@code force}, {@code drop}. */
final class ChangeCommands {

    private ChangeCommands() {
    }

    /** {@code up [N]}: applies every pending file, or the next N, printing each as it ends. */
    @Command(name = "up", description = "Apply all pending migrations, or the next N.")
    static final class Up implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Parameters(arity = "0..1", paramLabel = "N", description = "How many files to apply.")
        @Nullable String n;

        @Override
        public Integer call() {
            long limit = n == null ? 0 : MigrateCommand.number(n, "limit", 1);
            return root.onDatabase(true, runner -> root.stream(limit == 0 ? runner.up()
                    : runner.up((int) Math.min(limit, Integer.MAX_VALUE))));
        }
    }

    /** {@code down [N] [--all]}: reverts the last N versions, or all of them. */
    @Command(name = "down", description = "Revert the last N migrations, or all of them with --all (asks"
            + " without either).")
    static final class Down implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        /** Set by picocli. */
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "N", description = "How many versions to revert.")
        @Nullable String n;

        @Option(names = {"--all", "-all"}, description = "Revert every version without asking.")
        boolean all;

        @Override
        public Integer call() {
            if (all && n != null) {
                throw new ParameterException(spec.commandLine(), "--all cannot be used with a number of migrations");
            }
            long limit = n == null ? 0 : MigrateCommand.number(n, "limit", 1);
            if (!all && n == null) {
                if (!root.console().confirm("Are you sure you want to apply all down migrations? [y/N]")) {
                    root.console().line("Not applying all down migrations");
                    return MigrateCommand.FAILED;
                }
                root.console().line("Applying all down migrations");
            }
            return root.onDatabase(true, runner -> root.stream(limit == 0 ? runner.downAll()
                    : runner.down((int) Math.min(limit, Integer.MAX_VALUE))));
        }
    }

    /** {@code goto V}: applies or reverts files until the database is at exactly V. */
    @Command(name = "goto", description = "Migrate up or down to version V.")
    static final class Goto implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Parameters(paramLabel = "V", description = "The version, one the folder has.")
        String version = "";

        @Override
        public Integer call() {
            long v = MigrateCommand.number(version, "version", -1);
            return root.onDatabase(true, runner -> root.stream(runner.gotoVersion(v)));
        }
    }

    /** {@code force V}: sets the version and clears the dirty flag without running anything. */
    @Command(name = "force", description = "Set version V and clear the dirty flag without running a migration"
            + " (V = -1: no version).")
    static final class Force implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Parameters(paramLabel = "V", description = "A version the folder has, or -1.")
        String version = "";

        @Override
        public Integer call() {
            long v = MigrateCommand.number(version, "version", -1);
            return root.onDatabase(true, runner -> {
                root.await(runner.force(v));
                return MigrateCommand.OK;
            });
        }
    }

    /** {@code drop [-f]}: drops every table of the schema, after asking unless forced. */
    @Command(name = "drop", description = "Drop every table of the database's schema, the version table too"
            + " (asks without -f).")
    static final class Drop implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Option(names = {"-f", "--force"}, description = "Do not ask.")
        boolean force;

        @Override
        public Integer call() {
            if (!force) {
                if (!root.console().confirm("Are you sure you want to drop the entire database schema? [y/N]")) {
                    root.console().line("Aborted dropping the entire database schema");
                    return MigrateCommand.FAILED;
                }
                root.console().line("Dropping the entire database schema");
            }
            return root.onDatabase(false, runner -> {
                root.await(runner.drop());
                return MigrateCommand.OK;
            });
        }
    }
}
