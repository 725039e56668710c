package dev.r2orm.migrate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * golang-migrate's file name rule, {@code ^([0-9]+)_(.*)\.(down|up)\.(.*)$}, and the reasons given for names that
 * look like migrations but do not follow it.
 *
 * <p>A name that does not parse is a near miss when any of these holds, checked in this order; the first that holds
 * gives the reason:
 * <ol>
 *   <li>it parses when upper and lower case are not told apart: "up/down must be lower case";</li>
 *   <li>it is Flyway's {@code V1__x.sql}, {@code U1__x.sql} or {@code R__x.sql}: "Flyway naming is not read";</li>
 *   <li>it ends with {@code .up} or {@code .down} in any case: "needs an extension after .up";</li>
 *   <li>it starts with a digit, or holds {@code .up.} or {@code .down.} in any case, but does not start with digits
 *       followed by {@code _}: "the version must be digits followed by _";</li>
 *   <li>it starts with digits followed by {@code _}: "needs .up. or .down. before the extension".</li>
 * </ol>
 * Any other name ({@code README.md}, {@code atlas.sum}, {@code .gitkeep}) is not a near miss. A name such as
 * {@code 1_a.up.sql.bak} is not a near miss either: golang-migrate's rule reads it as version 1, up, extension
 * {@code sql.bak}, and so does this class.
 */
final class NameRules {

    /** golang-migrate's pattern: version, name, direction, extension. */
    static final Pattern MIGRATION = Pattern.compile("^([0-9]+)_(.*)\\.(down|up)\\.(.*)$");

    private static final Pattern ANY_CASE = Pattern.compile(MIGRATION.pattern(), Pattern.CASE_INSENSITIVE);
    private static final Pattern FLYWAY = Pattern.compile("^(?:[VU][0-9][0-9._]*__|R__).*$");
    private static final Pattern VERSION_PREFIX = Pattern.compile("^[0-9]+_.*$");

    private NameRules() {
    }

    /**
     * @param fileName the file's own name
     * @return whether the name follows golang-migrate's rule
     */
    static boolean isMigration(String fileName) {
        return MIGRATION.matcher(fileName).matches();
    }

    /**
     * Parses a name that follows golang-migrate's rule.
     *
     * @param fileName the file's own name
     * @param bytes the content
     * @return the file, or null when the name does not follow the rule
     * @throws MigrationException when the version does not fit in a signed 64-bit integer
     */
    static @Nullable MigrationFile parse(String fileName, byte[] bytes) {
        Matcher m = MIGRATION.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        long version;
        try {
            version = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new MigrationException("migration file " + fileName + ": version " + m.group(1)
                    + " is above " + Long.MAX_VALUE + "; golang-migrate stores versions in a signed bigint,"
                    + " so renumber the file with a smaller version", e);
        }
        Direction direction = m.group(3).equals("up") ? Direction.UP : Direction.DOWN;
        return new MigrationFile(version, m.group(2), direction, fileName, bytes);
    }

    /**
     * Says why a name that does not parse looks like a migration.
     *
     * @param fileName a name that {@link #isMigration} rejected
     * @return the reason, or null when the name does not look like a migration
     */
    static @Nullable String nearMiss(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (ANY_CASE.matcher(fileName).matches()) {
            return "up/down must be lower case";
        }
        if (FLYWAY.matcher(fileName).matches()) {
            return "Flyway naming is not read; rename it to {version}_{name}.up.sql";
        }
        if (lower.endsWith(".up") || lower.endsWith(".down")) {
            String ending = fileName.substring(fileName.lastIndexOf('.'));
            return "needs an extension after " + ending + ", as in " + ending + ".sql";
        }
        boolean versioned = VERSION_PREFIX.matcher(fileName).matches();
        boolean startsWithDigit = !fileName.isEmpty() && fileName.charAt(0) >= '0' && fileName.charAt(0) <= '9';
        if (!versioned && (startsWithDigit || lower.contains(".up.") || lower.contains(".down."))) {
            return "the version must be digits followed by _";
        }
        if (versioned) {
            return "needs .up. or .down. before the extension, as in {version}_{name}.up.sql";
        }
        return null;
    }
}
