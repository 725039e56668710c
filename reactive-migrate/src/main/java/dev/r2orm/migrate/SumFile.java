package dev.r2orm.migrate;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code atlas.sum} integrity file of a migrations directory, byte for byte as Atlas writes and reads it, so that
 * Atlas and this library accept each other's file.
 *
 * <p>The format. The files are taken in the byte order of their UTF-8 names. A single SHA-256 runs over all of them:
 * for each file it is fed the file's name, then the file's bytes, and the digest reached at that point is that file's
 * hash. Each hash therefore covers every file before it, not the file alone. A file whose first line holds the
 * directive {@code atlas:sum ignore} (any printable ASCII before {@code atlas:}, such as {@code -- } or {@code //}, one
 * or more spaces, then {@code ignore} and nothing else on that line, not even a {@code \r}) still has its name fed to
 * the digest, but not its bytes, and has no line. The text is a first line, {@code h1:} and the directory sum, then one
 * line per file, {@code NAME h1:HASH}, each line ending with {@code \n}. The directory sum is a separate SHA-256 over,
 * for each file line in order, the UTF-8 name followed by the base64 text of its hash (without {@code h1:}). All
 * digests are written in standard base64 with padding: 44 characters.
 *
 * <p>Reading follows Atlas: lines may end with {@code \r\n}, and the name is the line before its first {@code h1:},
 * trimmed. Atlas also rejects a file whose first line does not match its other lines; here that is left to
 * {@link #check}, which reports it as {@link Kind#TOTAL}.
 */
public final class SumFile {

    /** The integrity file's name in the migrations directory. */
    public static final String FILE_NAME = "atlas.sum";

    private static final String H1 = "h1:";
    private static final Pattern DIRECTIVE = Pattern.compile("([ -~]*)atlas:(\\w+)(?: +(.+))*", Pattern.DOTALL);
    private static final Comparator<String> NAME_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8),
            b.getBytes(UTF_8));

    /**
     * One file's line.
     *
     * @param name the file's name
     * @param hash its chained hash, {@code h1:} and base64
     */
    public record Entry(String name, String hash) {
    }

    /** Why a file does not match its recorded line. */
    public enum Kind {
        /** The first file whose hash differs: its content changed, or a file with an ignore directive came or went. */
        EDITED,
        /** A file the recorded sum does not list. */
        ADDED,
        /** A file the recorded sum lists but the directory no longer holds. */
        REMOVED,
        /** Every file line matches but the first line does not: the sum file itself was edited. */
        TOTAL
    }

    /**
     * One difference between the recorded and the computed sum.
     *
     * @param name the file's name, or {@value SumFile#FILE_NAME} for {@link Kind#TOTAL}
     * @param kind what differs
     * @param expected the recorded hash, null for an added file
     * @param actual the computed hash, null for a removed file
     */
    public record Mismatch(String name, Kind kind, @Nullable String expected, @Nullable String actual) {

        /** @return a sentence naming the file and both hashes, for an error message */
        public String message() {
            return switch (kind) {
                case EDITED -> name + " changed after " + FILE_NAME + " was written: it records " + expected
                        + ", the directory now gives " + actual;
                case ADDED -> name + " is new: " + FILE_NAME + " has no line for it, the directory gives " + actual;
                case REMOVED -> name + " is in " + FILE_NAME + " (" + expected + ") but not in the directory";
                case TOTAL -> FILE_NAME + " was edited by hand: its first line is " + expected
                        + ", its file lines sum to " + actual;
            };
        }
    }

    private final String sum;
    private final List<Entry> entries;

    private SumFile(String sum, List<Entry> entries) {
        this.sum = sum;
        this.entries = List.copyOf(entries);
    }

    /**
     * Computes the sum of the given files, in the byte order of their UTF-8 names whatever the map's comparator.
     *
     * @param files each file's name (without folders) and content; Atlas takes the directory's {@code *.sql} files
     * @return the sum Atlas would write for them
     */
    public static SumFile of(SortedMap<String, byte[]> files) {
        List<Map.Entry<String, byte[]>> sorted = new ArrayList<>(files.entrySet());
        sorted.sort(Map.Entry.comparingByKey(NAME_ORDER));
        MessageDigest chain = sha256();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : sorted) {
            chain.update(file.getKey().getBytes(UTF_8));
            if (ignored(file.getValue())) {
                continue;
            }
            chain.update(file.getValue());
            entries.add(new Entry(file.getKey(), H1 + base64(digestSoFar(chain))));
        }
        return new SumFile(total(entries), entries);
    }

    /**
     * Parses the text of an {@code atlas.sum} file. The first line is kept as written, even when it does not match
     * the other lines (see {@link #check}).
     *
     * @param text the file's text
     * @return the recorded sum
     * @throws MigrationException if the first line is not {@code h1:} and a base64 SHA-256 digest, a later line has
     *     no name or no such digest, or a name is listed twice; the message gives the line number and text
     */
    public static SumFile parse(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        lines.replaceAll(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        if (lines.isEmpty() || !lines.get(0).startsWith(H1) || !isDigest(lines.get(0).substring(H1.length()))) {
            throw malformed(1, lines.isEmpty() ? "" : lines.get(0), "the directory sum, h1: and a base64 SHA-256");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf(H1);
            String name = at < 0 ? "" : line.substring(0, at).strip();
            if (name.isEmpty() || !isDigest(line.substring(at + H1.length()))) {
                throw malformed(i + 1, line, "a file name, a space, then h1: and a base64 SHA-256");
            }
            if (!seen.add(name)) {
                throw malformed(i + 1, line, "each file once, but " + name + " is listed before");
            }
            entries.add(new Entry(name, line.substring(at)));
        }
        return new SumFile(lines.get(0), entries);
    }

    /** @return the text Atlas writes: the first line, then one line per file, each ending with {@code \n} */
    public String text() {
        StringBuilder text = new StringBuilder(sum).append('\n');
        for (Entry entry : entries) {
            text.append(entry.name()).append(' ').append(entry.hash()).append('\n');
        }
        return text.toString();
    }

    /** @return the first line's directory sum, {@code h1:} and base64 */
    public String sum() {
        return sum;
    }

    /** @return the file lines in order, each hash starting with {@code h1:} */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Compares this recorded sum with the one computed now from the directory's files.
     *
     * <p>Files are matched by name. A name only recorded is {@link Kind#REMOVED}; a name only computed is
     * {@link Kind#ADDED}. Since each hash covers every file before it, all lines after a change differ as well, and
     * the stored digests cannot tell a file that changed from one that only follows a change. So a file whose hash
     * differs is {@link Kind#EDITED} only when nothing before it in name order was added, removed or edited; the
     * files after that are not reported, and may or may not have changed too. An ignored file has no line but its name
     * is in the chain, so adding, removing or renaming one shows as the next file edited. When every file line matches
     * and only the first line differs, the sum file was edited: {@link Kind#TOTAL}, named {@value #FILE_NAME}.
     *
     * @param actual the sum of the directory's files now, from {@link #of}
     * @return the differences in name order, empty when the directory matches this sum
     */
    public List<Mismatch> check(SumFile actual) {
        Map<String, String> recorded = hashes(this);
        Map<String, String> computed = hashes(actual);
        Set<String> names = new TreeSet<>(NAME_ORDER);
        names.addAll(recorded.keySet());
        names.addAll(computed.keySet());
        List<Mismatch> mismatches = new ArrayList<>();
        boolean chainChanged = false;
        for (String name : names) {
            String expected = recorded.get(name);
            String now = computed.get(name);
            if (expected == null) {
                mismatches.add(new Mismatch(name, Kind.ADDED, null, now));
                chainChanged = true;
            } else if (now == null) {
                mismatches.add(new Mismatch(name, Kind.REMOVED, expected, null));
                chainChanged = true;
            } else if (!expected.equals(now) && !chainChanged) {
                mismatches.add(new Mismatch(name, Kind.EDITED, expected, now));
                chainChanged = true;
            }
        }
        if (mismatches.isEmpty() && !sum.equals(actual.sum)) {
            mismatches.add(new Mismatch(FILE_NAME, Kind.TOTAL, sum, actual.sum));
        }
        return List.copyOf(mismatches);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SumFile s && s.sum.equals(sum) && s.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return sum.hashCode() * 31 + entries.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }

    /** Atlas looks for the directive on the first line only, and wants {@code ignore} to end that line. */
    private static boolean ignored(byte[] content) {
        int end = 0;
        while (end < content.length && content[end] != '\n') {
            end++;
        }
        Matcher m = DIRECTIVE.matcher(new String(content, 0, end, ISO_8859_1));
        return m.lookingAt() && m.group(2).equals("sum") && "ignore".equals(m.group(3));
    }

    private static String total(List<Entry> entries) {
        MessageDigest digest = sha256();
        for (Entry entry : entries) {
            digest.update(entry.name().getBytes(UTF_8));
            digest.update(entry.hash().substring(H1.length()).getBytes(UTF_8));
        }
        return H1 + base64(digest.digest());
    }

    private static Map<String, String> hashes(SumFile file) {
        Map<String, String> hashes = new HashMap<>();
        file.entries.forEach(entry -> hashes.put(entry.name(), entry.hash()));
        return hashes;
    }

    private static boolean isDigest(String text) {
        try {
            byte[] digest = Base64.getDecoder().decode(text);
            return digest.length == 32 && base64(digest).equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static MigrationException malformed(int line, String text, String wanted) {
        return new MigrationException(FILE_NAME + " line " + line + " is malformed: expected " + wanted + ", found \""
                + text + "\"; restore it, or write it again from the migration files");
    }

    private static byte[] digestSoFar(MessageDigest chain) {
        try {
            return ((MessageDigest) chain.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JDK's SHA-256 cannot be copied", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
