package dev.r2orm.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Lists the files directly inside one folder, on disk or on the class path (a folder or a jar), and reads the ones a
 * caller wants. Subfolders are skipped. All methods block; callers run them on a worker thread.
 */
final class DirectoryReader {

    /**
     * What a folder holds.
     *
     * @param names every file name directly inside, sorted
     * @param contents the bytes of the wanted names
     */
    record Listing(List<String> names, Map<String, byte[]> contents) {
    }

    private DirectoryReader() {
    }

    /**
     * Reads a folder on disk.
     *
     * @param folder the folder
     * @param location the folder as the user gave it, for messages
     * @param wanted which names to read
     * @return the listing
     * @throws MigrationException when the folder is missing, is not a folder, or cannot be read
     */
    static Listing folder(Path folder, String location, Predicate<String> wanted) {
        List<String> names = new ArrayList<>();
        Map<String, byte[]> contents = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path p : stream) {
                if (Files.isDirectory(p)) {
                    continue;
                }
                String name = p.getFileName().toString();
                names.add(name);
                if (wanted.test(name)) {
                    contents.put(name, readFile(p, location));
                }
            }
        } catch (NoSuchFileException e) {
            throw new MigrationException("migrations folder " + location + " does not exist (" + folder.toAbsolutePath()
                    + "); create it or point the location at the folder that holds the .up and .down files", e);
        } catch (NotDirectoryException e) {
            throw new MigrationException("migrations location " + location + " is a file, not a folder; point it at"
                    + " the folder that holds the .up and .down files", e);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw new MigrationException("cannot read migrations folder " + location + ": " + e
                    + "; check that it exists and is readable", e);
        }
        names.sort(null);
        return new Listing(List.copyOf(names), contents);
    }

    private static byte[] readFile(Path file, String location) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw new MigrationException("cannot read migration file " + file.getFileName() + " in " + location
                    + ": " + e + "; check that it is a readable file, or remove it", e);
        }
    }

    /**
     * Reads a folder on the class path: a folder on disk, or the entries directly under it in a jar.
     *
     * @param folder the resource path, without leading or trailing {@code /}
     * @param location the location as the user gave it, for messages
     * @param loader where to look
     * @param wanted which names to read
     * @return the listing
     * @throws MigrationException when the loader does not find the folder or it cannot be read
     */
    static Listing classpath(String folder, String location, ClassLoader loader, Predicate<String> wanted) {
        URL url = loader.getResource(folder);
        if (url == null) {
            throw new MigrationException("migrations folder " + location + " is not on the class path of " + loader
                    + "; put the files under src/main/resources/" + folder + " (a jar must hold the folder's own"
                    + " entry, as Maven's jar plugin writes it), or use a file: location");
        }
        switch (url.getProtocol()) {
            case "file":
                try {
                    return folder(Path.of(url.toURI()), location, wanted);
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new MigrationException("cannot read migrations folder " + location + " at " + url + ": "
                            + e.getMessage(), e);
                }
            case "jar":
                return jar(url, folder, location, wanted);
            default:
                throw new MigrationException("migrations folder " + location + " was found at " + url + ", but "
                        + url.getProtocol() + ": URLs cannot be listed; use a folder or a jar on the class path,"
                        + " or a file: location");
        }
    }

    private static Listing jar(URL url, String folder, String location, Predicate<String> wanted) {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        List<String> names = new ArrayList<>();
        Map<String, byte[]> contents = new TreeMap<>();
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jarConnection)) {
                throw new MigrationException("migrations folder " + location + " was found at " + url
                        + ", which does not open as a jar; use a folder on the class path or a file: location");
            }
            // not cached, so the JarFile is ours to close and no other reader shares it
            jarConnection.setUseCaches(false);
            try (JarFile jarFile = jarConnection.getJarFile()) {
                Enumeration<JarEntry> entries = jarFile.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String entryName = entry.getName();
                    if (entry.isDirectory() || !entryName.startsWith(prefix)) {
                        continue;
                    }
                    String name = entryName.substring(prefix.length());
                    if (name.isEmpty() || name.contains("/")) {
                        continue;
                    }
                    names.add(name);
                    if (wanted.test(name)) {
                        try (InputStream in = jarFile.getInputStream(entry)) {
                            contents.put(name, in.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            throw new MigrationException("cannot read migrations folder " + location + " in " + url + ": " + e
                    + "; check that the jar is readable and not corrupt", e);
        }
        names.sort(null);
        return new Listing(List.copyOf(names), contents);
    }
}
