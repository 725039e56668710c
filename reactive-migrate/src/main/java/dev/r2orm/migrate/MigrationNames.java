package dev.r2orm.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * New migration file names, as golang-migrate's {@code migrate create} makes them: an empty up file and an empty down
 * file, {@code {version}_{name}.up{ext}} and {@code {version}_{name}.down{ext}}, where the version is either the next
 * number in sequence or the current time in a Go layout.
 */
public final class MigrationNames {

    private MigrationNames() {
    }

    /**
     * How {@link #create} picks the version and the extension. Build one with {@link #of(String)} and the
     * {@code with} methods.
     *
     * @param extension the file extension, stored with one leading dot ({@code sql} and {@code .sql} both give
     *     {@code .sql}); golang-migrate's {@code -ext}
     * @param sequential number files 1, 2, 3… instead of by time; {@code -seq}
     * @param digits the width sequence numbers are zero-padded to, default 6; {@code -digits}
     * @param format a Go time layout, default {@code 20060102150405}, or {@code unix} or {@code unixNano} for epoch
     *     seconds or nanoseconds; {@code -format}
     * @param zone the zone the time is printed in, default UTC; {@code -tz}
     * @param clock where the time comes from
     */
    public record Options(String extension, boolean sequential, int digits, String format, ZoneId zone,
            Clock clock) {

        /** golang-migrate's default {@code -format}: year, month, day, hour, minute, second. */
        public static final String DEFAULT_FORMAT = "20060102150405";

        /** golang-migrate's default {@code -digits}. */
        public static final int DEFAULT_DIGITS = 6;

        /**
         * Checks and normalizes the options.
         *
         * @param extension the file extension, with or without its leading dot
         * @param sequential number files in sequence instead of by time
         * @param digits the width of sequence numbers
         * @param format a Go time layout, {@code unix} or {@code unixNano}
         * @param zone the zone the time is printed in
         * @param clock where the time comes from
         * @throws IllegalArgumentException when the extension is blank
         */
        public Options {
            Objects.requireNonNull(extension, "extension");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(clock, "clock");
            if (extension.isBlank()) {
                throw new IllegalArgumentException("-ext flag must be specified: give the extension of the"
                        + " migration files, such as sql");
            }
            extension = "." + (extension.startsWith(".") ? extension.substring(1) : extension);
        }

        /**
         * @param extension the file extension, with or without its leading dot
         * @return options with golang-migrate's defaults: timestamps in layout {@code 20060102150405}, UTC, the
         *     system clock, 6 digits when sequential
         * @throws IllegalArgumentException when the extension is blank
         */
        public static Options of(String extension) {
            return new Options(extension, false, DEFAULT_DIGITS, DEFAULT_FORMAT, ZoneId.of("UTC"), Clock.systemUTC());
        }

        /**
         * @param value whether to number files in sequence
         * @return a copy with that setting
         */
        public Options withSequential(boolean value) {
            return new Options(extension, value, digits, format, zone, clock);
        }

        /**
         * @param value the width of sequence numbers
         * @return a copy with that width
         */
        public Options withDigits(int value) {
            return new Options(extension, sequential, value, format, zone, clock);
        }

        /**
         * @param value a Go time layout, {@code unix} or {@code unixNano}
         * @return a copy with that format
         */
        public Options withFormat(String value) {
            return new Options(extension, sequential, digits, value, zone, clock);
        }

        /**
         * @param value the zone to print the time in
         * @return a copy with that zone
         */
        public Options withZone(ZoneId value) {
            return new Options(extension, sequential, digits, format, value, clock);
        }

        /**
         * @param value the clock to read the time from
         * @return a copy with that clock
         */
        public Options withClock(Clock value) {
            return new Options(extension, sequential, digits, format, zone, value);
        }
    }

    /**
     * Writes the empty up and down files for a new migration, creating the folder if it is missing. Files are created
     * with {@code CREATE_NEW}, so nothing is overwritten; if the down file cannot be created, the up file just made is
     * removed again.
     *
     * <p>The version comes first: with {@code sequential} it is one more than the number before {@code _} in the
     * last name (in lexical order) of the files in {@code dir} that end with the extension, zero-padded to
     * {@code digits}; otherwise it is the clock's time in {@code format}. A format that does not start with digits
     * followed by {@code _} once printed (such as {@code 2006-01-02_1504}) gives files that golang-migrate and
     * {@link MigrationDirectory} do not read, as golang-migrate's own {@code create} does.
     *
     * @param dir the migrations folder
     * @param name the migration's name, the part after the version
     * @param options the extension and how to pick the version
     * @return a Mono that writes on {@link Schedulers#boundedElastic()} when subscribed and emits the up and down
     *     paths, in that order. It fails with {@link MigrationException} when {@code sequential} is combined with a
     *     format other than the default, when the digits are not positive or the next number is wider than them,
     *     when the last file's name has no number before {@code _}, when the format is empty, when a file of that
     *     version already exists ({@code duplicate migration version: V}), or when the folder or a file cannot be
     *     written. Cancelling abandons the write; files already written stay.
     * @throws IllegalArgumentException when the name is blank or holds a path separator
     */
    public static Mono<List<Path>> create(Path dir, String name, Options options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("migration name \"" + name + "\" must be a non-blank file name part"
                    + " without / or \\, such as create_users");
        }
        return Mono.fromCallable(() -> write(dir, name, options)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * @param version the version as it is written, zero-padded or a timestamp
     * @param name the migration's name
     * @param direction up or down
     * @param ext the extension, with or without its leading dot
     * @return {@code {version}_{name}.{up|down}{ext}}, with {@code ext} starting with a dot
     */
    public static String fileName(String version, String name, Direction direction, String ext) {
        String dotted = "." + (ext.startsWith(".") ? ext.substring(1) : ext);
        return version + "_" + name + "." + direction.word() + dotted;
    }

    private static List<Path> write(Path dir, String name, Options options) {
        if (options.sequential() && !options.format().equals(Options.DEFAULT_FORMAT)) {
            throw new MigrationException("the seq and format options are mutually exclusive: drop the format to"
                    + " number files in sequence, or drop seq to name them by time");
        }
        String ext = options.extension();
        String version = options.sequential() ? nextSequence(dir, ext, options.digits()) : timeVersion(options);
        for (String existing : namesEndingWith(dir, ext)) {
            if (existing.startsWith(version + "_") && existing.length() >= version.length() + 1 + ext.length()) {
                throw new MigrationException("duplicate migration version: " + version + " (" + existing
                        + " is already in " + dir + "); wait for the clock to move on, or remove or rename that file");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MigrationException("cannot create migrations folder " + dir + ": " + e
                    + "; check the path and its permissions", e);
        }
        Path up = dir.resolve(fileName(version, name, Direction.UP, ext));
        Path down = dir.resolve(fileName(version, name, Direction.DOWN, ext));
        createNew(up);
        try {
            createNew(down);
        } catch (MigrationException e) {
            try {
                Files.deleteIfExists(up);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return List.of(up, down);
    }

    private static void createNew(Path file) {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new MigrationException("migration file " + file + " already exists and was left as it is;"
                    + " pick another name or version", e);
        } catch (IOException e) {
            throw new MigrationException("cannot create migration file " + file + ": " + e
                    + "; check the folder's permissions", e);
        }
    }

    private static String nextSequence(Path dir, String ext, int digits) {
        if (digits <= 0) {
            throw new MigrationException("digits must be positive, not " + digits);
        }
        long next = 1;
        List<String> names = namesEndingWith(dir, ext);
        if (!names.isEmpty()) {
            String last = names.get(names.size() - 1);
            int underscore = last.indexOf('_');
            String number = underscore < 1 ? "" : last.substring(0, underscore);
            if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new MigrationException("malformed migration filename: " + last + " in " + dir
                        + "; the last file ending in " + ext + " must start with its number and _ for the next"
                        + " number to follow it, so rename or move it");
            }
            try {
                next = Math.addExact(Long.parseLong(number), 1);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new MigrationException("malformed migration filename: " + last + " in " + dir
                        + "; its number does not fit in a signed 64-bit integer", e);
            }
        }
        String version = String.format(Locale.ROOT, "%0" + digits + "d", next);
        if (version.length() > digits) {
            throw new MigrationException("next sequence number " + version + " too large, at most " + digits
                    + " digits are allowed; raise the digits option");
        }
        return version;
    }

    private static String timeVersion(Options options) {
        Instant now = options.clock().instant();
        switch (options.format()) {
            case "":
                throw new MigrationException("time format may not be empty; leave it out for the default "
                        + Options.DEFAULT_FORMAT);
            case "unix":
                return Long.toString(now.getEpochSecond());
            case "unixNano":
                try {
                    return Long.toString(Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L),
                            now.getNano()));
                } catch (ArithmeticException e) {
                    throw new MigrationException("the time " + now + " does not fit in unixNano; use unix", e);
                }
            default:
                return GoTimeLayout.format(ZonedDateTime.ofInstant(now, options.zone()), options.format());
        }
    }

    /**
     * The names in {@code dir} that end with {@code ext}, in lexical order, as Go's {@code filepath.Glob(dir/*ext)}.
     */
    private static List<String> namesEndingWith(Path dir, String ext) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String n = p.getFileName().toString();
                if (n.endsWith(ext)) {
                    names.add(n);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MigrationException("cannot list migrations folder " + dir + ": " + e
                    + "; check that it is readable", e);
        }
        names.sort(null);
        return names;
    }
}
