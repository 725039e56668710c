package dev.r2orm.migrate;

import java.time.Instant;

/**
 * One row of r2orm's history table: a file applied or reverted, a {@code force}, or the version found when r2orm
 * first met a database another tool had migrated.
 *
 * @param version the version
 * @param name the file's name part, empty for a force or a baseline
 * @param direction {@code up}, {@code down}, {@code force} or {@code baseline}
 * @param checksum the SHA-256 of the file's bytes in hex, empty when no file ran
 * @param appliedAt when it ended
 * @param durationMillis how long it ran
 * @param statements how many statements ran (for a failed file, how many were applied before the failure)
 * @param success whether it ended without error
 */
public record HistoryEntry(long version, String name, String direction, String checksum, Instant appliedAt,
        long durationMillis, int statements, boolean success) {

    /** The direction of a row written by {@code force}. */
    public static final String FORCE = "force";

    /** The direction of the row written when r2orm first records history on a database already at a version. */
    public static final String BASELINE = "baseline";
}
