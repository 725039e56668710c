package dev.r2orm.migrate.cli;

import dev.r2orm.migrate.MigrationNames;
import dev.r2orm.migrate.Migrations;
import dev.r2orm.migrate.SumFile;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The commands that write migration files: {@code hash}, {@code create}, {@code diff}. */
final class FileCommands {

    private FileCommands() {
    }

    /** {@code hash}: writes the folder's {@code atlas.sum} and prints its path. */
    @Command(name = "hash", description = "Write atlas.sum for the folder's migration files, so that every command"
            + " checks them.")
    static final class Hash implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Override
        public Integer call() {
            String location = root.location();
            Path folder = root.folder(location);
            root.await(Migrations.from(location).hash());
            root.console().line(folder.resolve(SumFile.FILE_NAME).toString());
            return MigrateCommand.OK;
        }
    }

    /** {@code create}: writes a new migration's empty up and down files and prints their paths. */
    @Command(name = "create", description = "Create the empty up and down files of a new migration.")
    static final class Create implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Option(names = {"--ext", "-ext"}, paramLabel = "E", description = "The files' extension, such as sql"
                + " (required).")
        @Nullable String ext;

        @Option(names = {"--dir", "-dir"}, paramLabel = "D", description = "The folder (default: --path, else the"
                + " current folder).")
        @Nullable String dir;

        @Option(names = {"--seq", "-seq"}, description = "Number the files in sequence instead of by time.")
        boolean seq;

        @Option(names = {"--digits", "-digits"}, paramLabel = "N", defaultValue = "6",
                description = "The width of sequence numbers (default: 6).")
        int digits;

        @Option(names = {"--format", "-format"}, paramLabel = "F", defaultValue = "20060102150405",
                description = "A Go time layout, unix or unixNano (default: 20060102150405).")
        String format = MigrationNames.Options.DEFAULT_FORMAT;

        @Option(names = {"--tz", "-tz"}, paramLabel = "TZ", defaultValue = "UTC",
                description = "The time zone of the time (default: UTC).")
        String tz = "UTC";

        @Parameters(paramLabel = "NAME", description = "The migration's name, such as create_users.")
        String name = "";

        @Override
        public Integer call() {
            if (ext == null || ext.isBlank()) {
                root.console().line("error: -ext flag must be specified");
                return MigrateCommand.FAILED;
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone " + tz + ": " + e.getMessage(), e);
            }
            String folder = dir != null ? dir : root.path != null || root.source != null
                    ? root.folder(root.location()).toString() : ".";
            MigrationNames.Options options = MigrationNames.Options.of(ext).withSequential(seq).withDigits(digits)
                    .withFormat(format).withZone(zone);
            for (Path p : root.await(Migrations.from(folder).create(name, options))) {
                root.console().line(p.toString());
            }
            return MigrateCommand.OK;
        }
    }

    /** {@code diff NAME MODEL_CLASS...}: writes the files that take the database to the models. */
    @Command(name = "diff", description = "Write the up and down files that take the database to the models"
            + " (AutoMigrate's plan as SQL); the classes must be on the class path.")
    static final class Diff implements Callable<Integer> {

        /** Set by picocli. */
        @ParentCommand
        MigrateCommand root;

        @Parameters(index = "0", paramLabel = "NAME", description = "The migration's name, such as add_nickname.")
        String name = "";

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "MODEL_CLASS",
                description = "The models' fully qualified class names.")
        List<String> models = new ArrayList<>();

        @Override
        public Integer call() {
            Class<?>[] classes = new Class<?>[models.size()];
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (int i = 0; i < classes.length; i++) {
                try {
                    classes[i] = Class.forName(models.get(i), false, loader != null ? loader
                            : Diff.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    root.console().line("error: model class " + models.get(i) + " not found: put the application's"
                            + " classes on the class path, e.g. java -cp app.jar:r2orm-migrate.jar "
                            + MigrateCommand.class.getName() + " diff ...");
                    return MigrateCommand.FAILED;
                }
            }
            return root.onDatabase(true, runner -> {
                List<Path> paths = root.await(runner.diff(name, classes));
                if (paths.isEmpty()) {
                    root.console().line("no change");
                }
                for (Path p : paths) {
                    root.console().line(p.toString());
                }
                return MigrateCommand.OK;
            });
        }
    }
}
