package dev.r2orm.migrate;

/**
 * A database's migration version as golang-migrate's table holds it.
 *
 * @param version the version, -1 when the database has none
 * @param dirty whether a migration to it failed part way
 */
public record DatabaseVersion(long version, boolean dirty) {

    /** @return whether the database has a version */
    public boolean exists() {
        return version >= 0;
    }

    /** @return {@code 3}, {@code 3 (dirty)}, or {@code no migration} as golang-migrate prints them */
    @Override
    public String toString() {
        return version < 0 && !dirty ? "no migration" : version + (dirty ? " (dirty)" : "");
    }
}
