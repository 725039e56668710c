package dev.r2orm.migrate.cli;

import dev.r2orm.migrate.DatabaseVersion;
import dev.r2orm.migrate.MigrationStatus;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** The commands that only read: {@code version}, {@code status}, {@code validate}. */
final class InspectCommands {

    private InspectCommands() {
    }

    /** {@code version}: prints {@code 3}, {@code 3 (dirty)}; {@code error: no migration} (exit 1) without one. */
    @Command(name = "version", description = "Print the database's version.")
    static final class Version implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Override
        public Integer call() {
            return root.onDatabase(false, runner -> {
                DatabaseVersion v = root.await(runner.version());
                if (!v.exists()) {
                    root.console().line("error: no migration" + (v.dirty() ? " (the version table says -1, dirty:"
                            + " reverting the first migration failed part way)" : ""));
                    return MigrateCommand.FAILED;
                }
                root.console().line(v.toString());
                return MigrateCommand.OK;
            });
        }
    }

    /** {@code status}: prints {@code version state name} for each version, then the problems and warnings. */
    @Command(name = "status", description = "Print each version's state (applied, pending, late, edited, missing),"
            + " then the problems and warnings.")
    static final class Status implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Override
        public Integer call() {
            return root.onDatabase(true, runner -> {
                MigrationStatus status = root.await(runner.status());
                for (MigrationStatus.FileStatus f : status.files()) {
                    root.console().line(f.version() + " " + f.state().name().toLowerCase(Locale.ROOT) + " "
                            + f.name());
                }
                report(root, status);
                return MigrateCommand.OK;
            });
        }
    }

    /** {@code validate}: prints the problems and warnings; exit 1 when there is a problem. */
    @Command(name = "validate", description = "Check the folder and the database without changing anything;"
            + " exit 1 on a problem.")
    static final class Validate implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Override
        public Integer call() {
            return root.onDatabase(true, runner -> {
                MigrationStatus status = root.await(runner.validate());
                report(root, status);
                if (!status.isValid()) {
                    return MigrateCommand.FAILED;
                }
                root.console().line("ok: " + status.files().size() + " versions, the database at "
                        + new DatabaseVersion(status.version(), status.dirty()));
                return MigrateCommand.OK;
            });
        }
    }

    private static void report(MigrateCommand root, MigrationStatus status) {
        for (String p : status.problems()) {
            root.console().line("problem: " + p);
        }
        for (String w : status.warnings()) {
            root.console().line("warning: " + w);
        }
    }
}
