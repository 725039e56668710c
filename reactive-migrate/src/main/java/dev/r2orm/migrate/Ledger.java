package dev.r2orm.migrate;

import dev.r2orm.migrate.MigrationStatus.FileStatus;
import dev.r2orm.migrate.MigrationStatus.State;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which versions a database holds, read from its version and r2orm's history: the history replayed (a baseline or
 * force marks every version up to it applied, an up adds one, a down removes one), then brought in line with the
 * version row, since golang-migrate may have moved it without writing history (versions up to it that the history
 * does not know were applied in order; versions above it were reverted). Without history, every version up to the
 * current one counts as applied, as golang-migrate assumes.
 */
final class Ledger {

    private final MigrationDirectory directory;
    private final long version;
    private final TreeSet<Long> applied = new TreeSet<>();
    private final Map<Long, HistoryEntry> lastUp = new TreeMap<>();

    Ledger(MigrationDirectory directory, long version, List<HistoryEntry> history) {
        this.directory = directory;
        this.version = version;
        long known = -1;
        for (HistoryEntry h : history) {
            if (!h.success()) {
                continue;
            }
            switch (h.direction()) {
                case HistoryEntry.BASELINE, HistoryEntry.FORCE -> {
                    applied.clear();
                    directory.versions().stream().filter(v -> v <= h.version()).forEach(applied::add);
                    known = h.version();
                }
                case "up" -> {
                    applied.add(h.version());
                    lastUp.put(h.version(), h);
                    known = Math.max(known, h.version());
                }
                case "down" -> applied.remove(h.version());
                default -> {
                }
            }
        }
        applied.removeIf(v -> v > version);
        long from = known;
        directory.versions().stream().filter(v -> v > from && v <= version).forEach(applied::add);
        if (version >= 0) {
            applied.add(version);
        }
    }

    /** @return whether the version counts as applied */
    boolean isApplied(long v) {
        return applied.contains(v);
    }

    /** @return the versions below the database's with an up file that were never applied, ascending */
    List<Long> late() {
        List<Long> out = new ArrayList<>();
        for (long v : directory.versions()) {
            if (v < version && !applied.contains(v) && directory.up(v).isPresent()) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * The state of every version of the folder, and of every applied version the folder lacks.
     *
     * @return the states, by version
     */
    List<FileStatus> files() {
        TreeSet<Long> all = new TreeSet<>(directory.versions());
        all.addAll(applied);
        List<FileStatus> out = new ArrayList<>();
        for (long v : all) {
            Optional<MigrationFile> up = directory.up(v);
            Optional<MigrationFile> down = directory.down(v);
            String name = up.or(() -> down).map(MigrationFile::name)
                    .orElseGet(() -> lastUp.containsKey(v) ? lastUp.get(v).name() : "");
            if (!directory.has(v)) {
                out.add(new FileStatus(v, name, State.MISSING, "no file of version " + v + " in "
                        + directory.location()));
            } else if (!applied.contains(v)) {
                out.add(new FileStatus(v, name, v < version ? State.LATE : State.PENDING, ""));
            } else {
                HistoryEntry ran = lastUp.get(v);
                String now = up.map(f -> checksum(f.bytes())).orElse("");
                if (ran != null && !ran.checksum().isEmpty() && !now.isEmpty() && !ran.checksum().equals(now)) {
                    out.add(new FileStatus(v, name, State.EDITED, up.get().fileName() + " was applied with sha256 "
                            + ran.checksum() + " and is now " + now));
                } else {
                    out.add(new FileStatus(v, name, State.APPLIED, ""));
                }
            }
        }
        return out;
    }

    /**
     * The SHA-256 of a file's bytes in hex, as the history records it.
     *
     * @param bytes the bytes
     * @return 64 hex digits
     */
    static String checksum(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
