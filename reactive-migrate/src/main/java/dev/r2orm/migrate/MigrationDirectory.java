package dev.r2orm.migrate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A golang-migrate migrations folder, read once: every {@code {version}_{name}.up.{ext}} and
 * {@code {version}_{name}.down.{ext}} directly inside it, and its {@code atlas.sum} if there is one.
 *
 * <p>The rules are golang-migrate's: a name follows {@code ^([0-9]+)_(.*)\.(down|up)\.(.*)$} exactly (case matters,
 * the extension may be empty but the dot after {@code up} or {@code down} is required); the version is decimal with
 * leading zeros allowed, so {@code 001_a} is version 1; subfolders are skipped; other names are skipped. Versions may
 * have gaps and may have only one direction. Names that look like migrations but do not parse are kept in
 * {@link #nearMisses()} so that commands can warn about them.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class MigrationDirectory {

    /** The integrity file read alongside the migrations. */
    static final String SUM_FILE = "atlas.sum";

    private static final Comparator<MigrationFile> ORDER =
            Comparator.comparingLong(MigrationFile::version).thenComparing(MigrationFile::direction);

    private final String location;
    private final List<MigrationFile> files;
    private final NavigableMap<Long, MigrationFile> ups = new TreeMap<>();
    private final NavigableMap<Long, MigrationFile> downs = new TreeMap<>();
    private final NavigableSet<Long> versions = new TreeSet<>();
    private final List<String> nearMisses;
    private final byte @Nullable [] sum;

    private MigrationDirectory(String location, List<MigrationFile> files, List<String> nearMisses,
            byte @Nullable [] sum) {
        this.location = location;
        List<MigrationFile> sorted = new ArrayList<>(files);
        sorted.sort(ORDER);
        this.files = List.copyOf(sorted);
        for (MigrationFile f : sorted) {
            (f.direction() == Direction.UP ? ups : downs).put(f.version(), f);
            versions.add(f.version());
        }
        this.nearMisses = List.copyOf(nearMisses);
        this.sum = sum;
    }

    /**
     * Loads a folder named by a location, using the thread context class loader of the calling thread (captured
     * now), or this class's loader when there is none, for {@code classpath:} locations.
     *
     * @param location {@code classpath:db/migrations} (a folder or a jar on the class path), {@code file:/path},
     *     {@code file://relative/path} as golang-migrate writes it, or a plain path
     * @return a Mono that reads the folder on {@link Schedulers#boundedElastic()} when subscribed and emits the
     *     directory; it fails with {@link MigrationException} when the folder is missing or unreadable, when two files
     *     share a version and direction, or when a version is above {@link Long#MAX_VALUE}. Cancelling abandons the
     *     read.
     */
    public static Mono<MigrationDirectory> load(String location) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(location, loader != null ? loader : MigrationDirectory.class.getClassLoader());
    }

    /**
     * Loads a folder named by a location, looking up {@code classpath:} locations in the given loader.
     *
     * @param location {@code classpath:db/migrations}, {@code file:/path}, {@code file://relative/path} or a plain
     *     path
     * @param loader the class loader for {@code classpath:} locations; when the folder is in more than one place on
     *     the class path, the first one the loader finds is read
     * @return a Mono that reads the folder on {@link Schedulers#boundedElastic()} when subscribed and emits the
     *     directory; it fails with {@link MigrationException} as {@link #load(String)} does. Cancelling abandons the
     *     read.
     */
    public static Mono<MigrationDirectory> load(String location, ClassLoader loader) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(loader, "loader");
        return Mono.fromCallable(() -> read(location, loader)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Loads a folder on disk.
     *
     * @param folder the folder that holds the migration files
     * @return a Mono that reads the folder on {@link Schedulers#boundedElastic()} when subscribed and emits the
     *     directory; it fails with {@link MigrationException} as {@link #load(String)} does. Cancelling abandons the
     *     read.
     */
    public static Mono<MigrationDirectory> load(Path folder) {
        Objects.requireNonNull(folder, "folder");
        return Mono.fromCallable(() -> of(folder.toString(), DirectoryReader.folder(folder, folder.toString(),
                MigrationDirectory::wanted))).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Whether a location names a folder that is there: on the class path of {@code loader} for {@code classpath:}
     * locations, on disk otherwise. Reads nothing; for callers that skip a missing folder rather than fail on it.
     *
     * @param location as {@link #load(String, ClassLoader)} takes it
     * @param loader the class loader for {@code classpath:} locations
     * @return whether the folder exists
     * @throws MigrationException when the location names no valid path
     */
    public static boolean exists(String location, ClassLoader loader) {
        Objects.requireNonNull(location, "location");
        if (location.startsWith("classpath:")) {
            return loader.getResource(trimSlashes(location.substring("classpath:".length()))) != null;
        }
        return java.nio.file.Files.isDirectory(path(location));
    }

    /**
     * The folder a location that is not on the class path names: a plain path, {@code file:/path}, or
     * {@code file://path} as golang-migrate writes it.
     *
     * @param location the location
     * @return the folder
     * @throws MigrationException when the location names no valid path
     */
    static Path path(String location) {
        String path = location;
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
        }
        if (path.isEmpty()) {
            throw new MigrationException("migrations location \"" + location + "\" names no folder; give a path,"
                    + " file:/path or classpath:db/migrations");
        }
        try {
            return Path.of(path);
        } catch (IllegalArgumentException e) {
            throw new MigrationException("migrations location " + location + " is not a valid path: "
                    + e.getMessage(), e);
        }
    }

    private static MigrationDirectory read(String location, ClassLoader loader) {
        if (location.startsWith("classpath:")) {
            String folder = trimSlashes(location.substring("classpath:".length()));
            return of(location, DirectoryReader.classpath(folder, location, loader, MigrationDirectory::wanted));
        }
        Path folder = path(location);
        return of(location, DirectoryReader.folder(folder, location, MigrationDirectory::wanted));
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean wanted(String name) {
        return NameRules.isMigration(name) || name.equals(SUM_FILE);
    }

    /**
     * Builds the directory from a listing: parses names, rejects duplicates, records near misses.
     *
     * @param location the location as the user gave it, for messages
     * @param listing the names in the folder and the bytes of the wanted ones
     * @return the directory
     * @throws MigrationException when two files share a version and direction, or a version is too large
     */
    static MigrationDirectory of(String location, DirectoryReader.Listing listing) {
        List<MigrationFile> files = new ArrayList<>();
        Map<String, MigrationFile> seen = new TreeMap<>();
        List<String> nearMisses = new ArrayList<>();
        for (String name : listing.names()) {
            byte[] bytes = listing.contents().get(name);
            MigrationFile file = bytes == null ? null : NameRules.parse(name, bytes);
            if (file != null) {
                MigrationFile earlier = seen.putIfAbsent(file.version() + "/" + file.direction(), file);
                if (earlier != null) {
                    throw new MigrationException("duplicate migration file: " + name + " (version " + file.version()
                            + " " + file.direction().word() + " is also " + earlier.fileName() + ") in " + location
                            + "; remove or renumber one of them");
                }
                files.add(file);
            } else if (!name.equals(SUM_FILE)) {
                String why = NameRules.nearMiss(name);
                if (why != null) {
                    nearMisses.add(name + ": " + why);
                }
            }
        }
        return new MigrationDirectory(location, files, nearMisses, listing.contents().get(SUM_FILE));
    }

    /** @return the location as it was given, for messages */
    public String location() {
        return location;
    }

    /** @return every migration file, sorted by version, the up file before the down file of the same version */
    public List<MigrationFile> files() {
        return files;
    }

    /** @return the distinct versions that have a file of either direction, ascending */
    public List<Long> versions() {
        return List.copyOf(versions);
    }

    /**
     * @param version a version
     * @return the up file of that version, or empty when it has none
     */
    public Optional<MigrationFile> up(long version) {
        return Optional.ofNullable(ups.get(version));
    }

    /**
     * @param version a version
     * @return the down file of that version, or empty when it has none
     */
    public Optional<MigrationFile> down(long version) {
        return Optional.ofNullable(downs.get(version));
    }

    /**
     * @param version a version
     * @return whether a file of either direction has that version
     */
    public boolean has(long version) {
        return versions.contains(version);
    }

    /**
     * @param version a version, which need not exist; {@code -1} stands for "nothing applied"
     * @return the next higher version that has a file, or empty when there is none; {@code next(-1)} is the first
     */
    public OptionalLong next(long version) {
        Long v = versions.higher(version);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * @param version a version, which need not exist
     * @return the next lower version that has a file, or empty when there is none, as for the first version
     */
    public OptionalLong previous(long version) {
        Long v = versions.lower(version);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * Names that look like migrations but are skipped, each followed by why, such as
     * {@code "7_x.UP.sql: up/down must be lower case"}. golang-migrate skips them silently; commands can warn.
     *
     * <p>A skipped name is listed when the first of these that holds gives its reason: it would parse if case did not
     * matter ("up/down must be lower case"); it is Flyway's {@code V1__x.sql}, {@code U1__x.sql} or {@code R__x.sql}
     * ("Flyway naming is not read"); it ends with {@code .up} or {@code .down} ("needs an extension after .up"); it
     * starts with a digit or holds {@code .up.} or {@code .down.}, but not digits followed by {@code _} ("the version
     * must be digits followed by _"); it starts with digits followed by {@code _} ("needs .up. or .down. before the
     * extension"). Other names, such as {@code README.md} or {@code .gitkeep}, and subfolders are not listed. Note that
     * {@code 1_a.up.sql.bak} is not a near miss but a migration with extension {@code sql.bak}, as golang-migrate
     * reads it.
     *
     * @return the near misses, sorted by name
     */
    public List<String> nearMisses() {
        return nearMisses;
    }

    /** @return a copy of the bytes of {@code atlas.sum} in the same folder, or empty when there is none */
    public Optional<byte[]> sumFile() {
        return sum == null ? Optional.empty() : Optional.of(sum.clone());
    }

    /**
     * @return every migration file name mapped to a copy of its bytes, sorted by name, for checksums; other files,
     *     {@code atlas.sum} included, are not in it
     */
    public SortedMap<String, byte[]> contents() {
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (MigrationFile f : files) {
            out.put(f.fileName(), f.bytes());
        }
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public String toString() {
        return "MigrationDirectory[" + location + ", " + files.size() + " files]";
    }
}
