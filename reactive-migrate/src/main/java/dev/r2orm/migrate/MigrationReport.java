package dev.r2orm.migrate;

import java.util.List;

/**
 * What a command did: the version before and after, and the files it ran. A command with nothing to do reports
 * {@link #noChange()} (golang-migrate's {@code ErrNoChange}) instead of failing.
 *
 * @param command the command: {@code up}, {@code down}, {@code goto}, {@code force} or {@code drop}
 * @param from the version before, -1 for none
 * @param to the version after, -1 for none
 * @param events the files run, in order
 * @param shortBy how many of the steps asked for ({@code up(n)}, {@code down(n)}) did not exist
 */
public record MigrationReport(String command, long from, long to, List<MigrationEvent> events, int shortBy) {

    /** Copies the events. */
    public MigrationReport {
        events = List.copyOf(events);
    }

    /** @return whether nothing changed */
    public boolean noChange() {
        return events.isEmpty() && from == to;
    }

    @Override
    public String toString() {
        return noChange() ? "no change" : command + ": " + from + " -> " + to + " (" + events.size() + " files)";
    }
}
