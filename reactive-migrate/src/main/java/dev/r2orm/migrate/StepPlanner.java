package dev.r2orm.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Turns a command into the files to run, by golang-migrate's rules: versions are walked through the folder's sorted
 * list (gaps are fine), a version without a file for the direction moves the version without running anything, up
 * targets the file's version, down targets the previous version (-1 below the first). Where golang-migrate goes
 * wrong, this refuses before anything runs: a database version the folder lacks, a file merged late, a missing down
 * file.
 */
final class StepPlanner {

    /**
     * One file to run.
     *
     * @param version the file's version
     * @param direction up or down
     * @param target the version the database is at afterwards
     * @param file the file, null when the version has none for the direction
     * @param moveVersion whether the version row moves (not for a late file applied out of order)
     */
    record Step(long version, Direction direction, long target, @Nullable MigrationFile file, boolean moveVersion) {
    }

    /**
     * The files of a command.
     *
     * @param steps the files, in order
     * @param to the version afterwards
     * @param shortBy how many steps asked for do not exist
     */
    record Plan(List<Step> steps, long to, int shortBy) {
    }

    private final MigrationDirectory dir;
    private final long version;
    private final Ledger ledger;
    private final boolean outOfOrder;

    StepPlanner(MigrationDirectory dir, long version, Ledger ledger, boolean outOfOrder) {
        this.dir = dir;
        this.version = version;
        this.ledger = ledger;
        this.outOfOrder = outOfOrder;
    }

    /**
     * Up to {@code limit} pending files, after the late ones when they may run.
     *
     * @param limit the most files to apply
     * @return the plan
     */
    Plan up(long limit) {
        requireFiles();
        requireKnownVersion();
        List<Step> steps = new ArrayList<>();
        List<Long> late = ledger.late();
        if (!late.isEmpty()) {
            if (!outOfOrder) {
                throw new MigrationException(lateMessage(late));
            }
            for (long v : late) {
                if (steps.size() < limit) {
                    steps.add(new Step(v, Direction.UP, version, dir.up(v).orElse(null), false));
                }
            }
        }
        long at = version;
        OptionalLong next = dir.next(at);
        while (next.isPresent() && steps.size() < limit) {
            at = next.getAsLong();
            steps.add(new Step(at, Direction.UP, at, dir.up(at).orElse(null), true));
            next = dir.next(at);
        }
        int shortBy = limit == Long.MAX_VALUE ? 0 : (int) Math.min(Integer.MAX_VALUE, limit - steps.size());
        return new Plan(steps, at, steps.isEmpty() ? 0 : shortBy);
    }

    /**
     * Down {@code limit} versions from the current one.
     *
     * @param limit the most versions to revert
     * @return the plan
     */
    Plan down(long limit) {
        requireFiles();
        if (version < 0) {
            return new Plan(List.of(), version, 0);
        }
        requireKnownVersion();
        List<Step> steps = new ArrayList<>();
        long at = version;
        while (at >= 0 && steps.size() < limit) {
            long target = dir.previous(at).orElse(-1);
            steps.add(new Step(at, Direction.DOWN, target, dir.down(at).orElse(null), true));
            at = target;
        }
        requireDownFiles(steps);
        int shortBy = limit == Long.MAX_VALUE ? 0 : (int) Math.min(Integer.MAX_VALUE, limit - steps.size());
        return new Plan(steps, at, shortBy);
    }

    /**
     * Up or down to exactly a version.
     *
     * @param target the version, which the folder must have
     * @return the plan
     */
    Plan gotoVersion(long target) {
        requireFiles();
        if (target >= 0 && !dir.has(target)) {
            throw new MigrationException("no migration found for version " + target + " in " + dir.location()
                    + ": goto needs a version the folder has");
        }
        if (target == version) {
            return new Plan(List.of(), version, 0);
        }
        if (target > version) {
            Plan all = up(Long.MAX_VALUE);
            List<Step> steps = all.steps().stream().filter(s -> s.version() <= target).toList();
            return new Plan(steps, target, 0);
        }
        requireKnownVersion();
        List<Step> steps = new ArrayList<>();
        long at = version;
        while (at > target) {
            long previous = dir.previous(at).orElse(-1);
            steps.add(new Step(at, Direction.DOWN, previous, dir.down(at).orElse(null), true));
            at = previous;
        }
        requireDownFiles(steps);
        return new Plan(steps, target, 0);
    }

    private void requireFiles() {
        if (dir.files().isEmpty()) {
            throw new MigrationException("no migration files in " + dir.location()
                    + (dir.nearMisses().isEmpty() ? "" : "; names that almost match: " + dir.nearMisses()));
        }
    }

    private void requireKnownVersion() {
        if (version >= 0 && !dir.has(version)) {
            throw new MigrationException("the database is at version " + version + ", which no file in "
                    + dir.location() + " has: was a file removed or renamed, or is this the wrong folder? Run"
                    + " force with a version the folder has once you know what the database holds");
        }
    }

    /** A down file may be missing only when its up file holds no statement: then there is nothing to revert. */
    private void requireDownFiles(List<Step> steps) {
        List<String> missing = new ArrayList<>();
        for (Step s : steps) {
            if (s.file() == null) {
                Optional<MigrationFile> up = dir.up(s.version());
                if (up.isPresent() && !SqlSplitter.isEmpty(up.get().sql())) {
                    missing.add(up.get().fileName().replace(".up.", ".down."));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MigrationException("cannot go down: no down file " + String.join(", ", missing) + " in "
                    + dir.location() + "; write it, or move the version with force; nothing was run");
        }
    }

    private String lateMessage(List<Long> late) {
        List<String> names = new ArrayList<>();
        for (long v : late) {
            names.add(dir.up(v).map(MigrationFile::fileName).orElse(Long.toString(v)));
        }
        return "files below the database's version " + version + " were never applied (merged after " + version
                + " ran): " + String.join(", ", names) + ". Apply them out of order with outOfOrder(true)"
                + " (--out-of-order), or renumber them above " + version + "; nothing was run";
    }
}
