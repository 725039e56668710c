package dev.r2orm.migrate;

import java.time.Duration;

/**
 * One file applied or reverted, emitted as it ends: {@code 1085649617/u create_users_table (12.68ms)} in
 * golang-migrate's words ({@link #toString()}).
 *
 * @param version the file's version
 * @param name the name part of the file, empty when the version has no file for the direction
 * @param direction up or down
 * @param duration how long it ran
 * @param statements how many statements ran
 * @param empty whether nothing ran: no file for the direction, or a file without a statement
 */
public record MigrationEvent(long version, String name, Direction direction, Duration duration, int statements,
        boolean empty) {

    @Override
    public String toString() {
        return version + "/" + direction.mark() + " " + (empty && name.isEmpty() ? "<empty>" : name) + " ("
                + String.format(java.util.Locale.ROOT, "%.2fms", duration.toNanos() / 1_000_000.0) + ")";
    }
}
