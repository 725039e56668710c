package dev.r2orm.migrate;

import dev.r2orm.migrator.Change;
import dev.r2orm.migrator.Difference;
import dev.r2orm.migrator.Plan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes an AutoMigrate plan as a migration file pair: the up file starts with one comment line per step (its risk
 * and reason) and one per difference the plan leaves alone, then the plan's statements; the down file holds the
 * statements that undo them. The files are numbered after the folder's own: in sequence, with as many digits, when
 * its versions are small numbers; by time otherwise.
 */
final class DiffFiles {

    private DiffFiles() {
    }

    /**
     * Writes the pair.
     *
     * @param dir the folder as read
     * @param folder the folder on disk
     * @param name the migration's name
     * @param plan the plan
     * @param models the models, named in the header
     * @return the up and down paths
     */
    static Mono<List<Path>> write(MigrationDirectory dir, Path folder, String name, Plan plan, Class<?>[] models) {
        boolean sequential = !dir.files().isEmpty() && dir.versions().get(dir.versions().size() - 1) < 100_000_000L;
        int digits = dir.files().isEmpty() ? MigrationNames.Options.DEFAULT_DIGITS
                : Math.max(1, dir.files().get(dir.files().size() - 1).fileName().indexOf('_'));
        String ext = dir.files().isEmpty() ? ".sql" : extension(dir.files().get(0).fileName());
        MigrationNames.Options options = MigrationNames.Options.of(ext).withSequential(sequential)
                .withDigits(sequential ? digits : MigrationNames.Options.DEFAULT_DIGITS);
        StringBuilder header = new StringBuilder("-- ").append(name).append(": written by r2orm diff from ");
        for (int i = 0; i < models.length; i++) {
            header.append(i == 0 ? "" : ", ").append(models[i].getSimpleName());
        }
        header.append('\n');
        for (Change c : plan.changes()) {
            header.append("-- ").append(c.safety()).append(": ").append(c.reason()).append('\n');
        }
        for (Difference d : plan.unresolved()) {
            header.append("-- not planned (replace it by hand): ").append(d).append('\n');
        }
        String up = header + "\n" + plan.upSql();
        String down = "-- reverts " + name + "\n\n" + plan.downSql();
        return MigrationNames.create(folder, name, options)
                .flatMap(paths -> Mono.fromCallable(() -> {
                    Files.writeString(paths.get(0), up, StandardCharsets.UTF_8);
                    Files.writeString(paths.get(1), down, StandardCharsets.UTF_8);
                    return paths;
                }).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(paths -> Migrations.refreshSum(folder).thenReturn(paths));
    }

    /** {@code .sql} of {@code 1_a.up.sql}. */
    private static String extension(String fileName) {
        int up = fileName.indexOf(".up.");
        int down = fileName.indexOf(".down.");
        int at = up >= 0 ? up + 3 : down >= 0 ? down + 5 : -1;
        return at < 0 ? ".sql" : fileName.substring(at);
    }
}
