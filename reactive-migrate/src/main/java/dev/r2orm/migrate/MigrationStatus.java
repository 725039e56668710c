package dev.r2orm.migrate;

import java.util.List;

/**
 * The state of a database against a migrations folder: its version, each file's state, and every problem found.
 * {@link MigrationRunner#validate()} returns it without changing anything.
 *
 * @param location the folder
 * @param version the database's version, -1 for none
 * @param dirty whether the version is dirty
 * @param files every version of the folder and every version the history has but the folder lacks
 * @param problems what stops a command or deserves a look, each a sentence naming the file; empty when all is well
 * @param warnings what does not stop a command: names that almost match, a missing sum file
 */
public record MigrationStatus(String location, long version, boolean dirty, List<FileStatus> files,
        List<String> problems, List<String> warnings) {

    /** Copies the lists. */
    public MigrationStatus {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** @return whether no problem was found */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The state of one version. */
    public enum State {
        /** Applied. */
        APPLIED,
        /** Above the database's version: {@code up} applies it. */
        PENDING,
        /** Below the database's version yet never applied: it was merged after a higher version ran. */
        LATE,
        /** Applied, and its up file changed since. */
        EDITED,
        /** Applied, and the folder has no file for it any more. */
        MISSING
    }

    /**
     * One version.
     *
     * @param version the version
     * @param name the name part of its file, or of the history row when the file is missing
     * @param state its state
     * @param detail what was found, for {@code EDITED} the two checksums
     */
    public record FileStatus(long version, String name, State state, String detail) {
    }
}
