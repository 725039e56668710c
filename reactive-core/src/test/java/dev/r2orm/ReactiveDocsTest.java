package dev.r2orm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public reactive method of the published modules says in its Javadoc what a cancel does: a method is reactive
 * when it returns a {@code Mono}, a {@code Flux} or another {@code Publisher}, public when it is declared public (or
 * in an interface, not private) in a public type whose enclosing types are public too. A method marked
 * {@code @Override} without Javadoc of its own inherits the documentation of the method it overrides, so it is
 * exempt. The sources are read as plain text: comments and literals are blanked out, braces are matched, and each
 * declaration is paired with the Javadoc comment just before it.
 */
class ReactiveDocsTest {

    /**
     * The source roots, relative to the reactive-core module (Surefire's working directory): reactive-core and its
     * test kit, reactive-dialects and reactive-migrate.
     */
    private static final List<String> ROOTS = List.of("src/main/java", "test-kit/src/main/java",
            "../reactive-dialects/src/main/java", "../reactive-migrate/src/main/java");

    /**
     * The publisher types a reactive method returns, by simple name (the outermost type of the return type); the
     * types of the sources that extend or implement one of them are added ({@link Types}).
     */
    private static final Set<String> PUBLISHERS = Set.of("Mono", "Flux", "Publisher", "CorePublisher", "ParallelFlux",
            "ConnectableFlux", "GroupedFlux");

    private static final Set<String> MODIFIERS = Set.of("public", "protected", "private", "static", "final",
            "abstract", "sealed", "non-sealed", "strictfp", "default", "synchronized", "native", "transient",
            "volatile");

    private static final Pattern ANNOTATION = Pattern.compile("@(?!interface\\b)[\\w.]+(\\s*\\([^()]*\\))?");

    private static final Pattern TYPE = Pattern.compile("(class|interface|enum|record|@interface)\\s+(\\w+)");

    /** A type's declaration: its modifiers, kind, name, and what follows up to its body. */
    private static final Pattern DECLARATION = Pattern.compile("((?:\\b[a-z-]+\\s+)*)(class|interface|enum|record)"
            + "\\s+(\\w+)([^{;]*)\\{");

    /** The supertypes a declaration names, read from its text outside type arguments. */
    private static final Pattern SUPERTYPES = Pattern.compile("\\b(?:extends|implements)\\s+([\\w.,\\s]+?)"
            + "\\s*(?=\\b(?:extends|implements|permits)\\b|$)");

    /** A public reactive method found in a source file; {@code javadoc} is null when it has none. */
    record Method(String file, String name, int line, boolean override, String javadoc) {

        String key() {
            return file + "#" + name;
        }

        boolean documentsCancel() {
            return javadoc != null && javadoc.toLowerCase(Locale.ROOT).contains("cancel");
        }

        boolean exempt() {
            return javadoc == null && override;
        }
    }

    @Test
    void everyPublicReactiveMethodSaysWhatACancelDoes() {
        List<String> where = new ArrayList<>();
        for (Method m : methods()) {
            if (!m.exempt() && !m.documentsCancel()) {
                where.add(m.key() + " (line " + m.line() + ")");
            }
        }
        assertThat(where).as("public reactive methods whose Javadoc does not say what a cancel does").isEmpty();
    }

    @Test
    void theScannerFindsThePublicReactiveMethods() {
        List<Method> found = methods();
        assertThat(found).as("public reactive methods found").hasSizeGreaterThanOrEqualTo(60);
        assertThat(found).extracting(Method::key).contains("dev/r2orm/DbOperations.java#create",
                "dev/r2orm/Query.java#find", "dev/r2orm/test/TestTransactions.java#rolledBack",
                "dev/r2orm/dialect/postgres/PostgresDialect.java#copyIn", "dev/r2orm/migrate/Migrations.java#hash",
                "dev/r2orm/migrate/MigrationRunner.java#up");
    }

    @Test
    void theParserReadsDeclarationsCommentsAndNesting() {
        String source = """
                package p;

                import reactor.core.publisher.Flux;

                /** A type. */
                public class A {
                    /** Emits one; on cancel nothing happens. */
                    public Mono<Void> documented() {
                        String s = "public Mono<Void> inString() {";
                        Runnable r = () -> { };
                        return Mono.empty();
                    }

                    /** Emits rows. */
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    public <T extends Comparable<T>> Flux<List<T>> missing(Class<T> type) {
                        return null;
                    }

                    // a line comment: public Mono<Void> inComment() {
                    @Override
                    public Mono<Void> inherited() {
                        return null;
                    }

                    public reactor.core.publisher.Mono<String> qualified();

                    Mono<Void> packagePrivate() {
                        return null;
                    }

                    public String notReactive() {
                        return "}";
                    }

                    private final Mono<Void> field = Mono.empty();

                    private static final Object ANONYMOUS = new Object() {
                        public Mono<Void> insideAnonymous() {
                            return null;
                        }
                    };

                    /** Nested. */
                    public interface I {
                        /**
                         * Emits the result.
                         * @return cancelling stops it
                         */
                        Publisher<Integer> implicitlyPublic();

                        private Mono<Void> hidden() {
                            return null;
                        }
                    }

                    /** Returns a run: a publisher of this file. */
                    public Run run() {
                        return null;
                    }

                    static class Hidden {
                        public Mono<Void> inHiddenType() {
                            return null;
                        }
                    }

                    /** Cancel: see above. */
                    public static final Mono<Void> after() {
                        char c = '{';
                        return null;
                    }
                }

                final class Run extends Mono<String> {
                }

                class PackagePrivate {
                    public Mono<Void> notPublished() {
                        return null;
                    }
                }

                abstract sealed class Base<T extends Comparable<T>> permits Sub {
                    /** Inherited by a public type; cancelling stops it. */
                    public Flux<T> fromBase() {
                        return null;
                    }
                }

                public final class Sub extends Base<String> implements java.io.Serializable {
                }
                """;
        Types types = types(List.of(source));
        assertThat(types.publishers()).contains("Run", "Mono", "Publisher").doesNotContain("A", "Sub");
        assertThat(types.inherited()).containsExactly("Base");
        List<Method> methods = parse("p/A.java", source, types);
        assertThat(methods).extracting(Method::name).containsExactly("documented", "missing", "inherited", "qualified",
                "implicitlyPublic", "run", "after", "fromBase");
        assertThat(methods).filteredOn(m -> !m.exempt() && !m.documentsCancel()).extracting(Method::key)
                .containsExactly("p/A.java#missing", "p/A.java#qualified", "p/A.java#run");
        assertThat(methods).filteredOn(Method::exempt).extracting(Method::name).containsExactly("inherited");
        assertThat(methods.get(1).line()).isEqualTo(16);
        assertThat(methods.get(1).javadoc()).contains("Emits rows.");
    }

    private static List<Method> methods() {
        Path module = Path.of("").toAbsolutePath();
        Map<String, String> sources = new TreeMap<>();
        for (String root : ROOTS) {
            Path dir = module.resolve(root).normalize();
            assertThat(dir).as("source root %s (resolved against %s)", root, module).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String name = dir.relativize(file).toString().replace('\\', '/');
                    sources.put(name, Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Types types = types(sources.values());
        List<Method> methods = new ArrayList<>();
        sources.forEach((file, source) -> methods.addAll(parse(file, source, types)));
        return methods;
    }

    /**
     * What the parser learns from all the sources first, by simple name: the types that are publishers
     * ({@link #PUBLISHERS} and the types that extend or implement one), and the types that are not public but whose
     * public methods are, inherited by a public type ({@code public class Query extends QueryChain}).
     */
    record Types(Set<String> publishers, Set<String> inherited) {
    }

    static Types types(Collection<String> sources) {
        Map<String, Set<String>> supertypes = new TreeMap<>();
        Set<String> exposed = new TreeSet<>();
        for (String source : sources) {
            Matcher m = DECLARATION.matcher(blank(source, new ArrayList<>()));
            while (m.find()) {
                String rest = m.group(4);
                StringBuilder outer = new StringBuilder(); // the text outside type arguments
                int depth = 0;
                for (char c : rest.toCharArray()) {
                    depth += c == '<' ? 1 : c == '>' ? -1 : 0;
                    if (depth == 0 && c != '>') {
                        outer.append(c);
                    }
                }
                Set<String> names = supertypes.computeIfAbsent(m.group(3), k -> new TreeSet<>());
                Matcher s = SUPERTYPES.matcher(outer.toString().trim());
                while (s.find()) {
                    for (String name : s.group(1).split(",")) {
                        names.add(name.trim().substring(name.trim().lastIndexOf('.') + 1));
                    }
                }
                if (m.group(1).matches("(?s).*\\bpublic\\b.*")) {
                    exposed.add(m.group(3));
                }
            }
        }
        Set<String> publishers = new TreeSet<>(PUBLISHERS);
        Set<String> inherited = new TreeSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, Set<String>> type : supertypes.entrySet()) {
                if (!publishers.contains(type.getKey()) && type.getValue().stream().anyMatch(publishers::contains)) {
                    grew |= publishers.add(type.getKey());
                }
                if (exposed.contains(type.getKey()) || inherited.contains(type.getKey())) {
                    for (String supertype : type.getValue()) {
                        if (!exposed.contains(supertype) && supertypes.containsKey(supertype)) {
                            grew |= inherited.add(supertype);
                        }
                    }
                }
            }
        }
        return new Types(publishers, inherited);
    }

    /**
     * An open brace: a type's body (an interface's or not; exposed when the type and its enclosing types are public)
     * or any other block; {@code inParens} for a block opened inside a member's parentheses (a lambda, an
     * annotation's array), which does not end the member's declaration.
     */
    private record Scope(boolean type, boolean iface, boolean exposed, boolean inParens) {
    }

    /** The public reactive methods declared in one source file. */
    static List<Method> parse(String file, String source, Types types) {
        List<int[]> javadocs = new ArrayList<>();
        String code = blank(source, javadocs);
        List<Method> methods = new ArrayList<>();
        Deque<Scope> scopes = new ArrayDeque<>();
        scopes.push(new Scope(true, false, true, false)); // the compilation unit: top-level types are members of it
        int start = 0;
        int parens = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            Scope top = scopes.peek();
            boolean member = top.type();
            if (member && c == '(') {
                parens++;
            } else if (member && c == ')') {
                parens--;
            } else if (c == '{') {
                if (!member || parens > 0) {
                    scopes.push(new Scope(false, false, false, member));
                    continue;
                }
                String header = code.substring(start, i);
                String declaration = strip(header);
                Matcher type = TYPE.matcher(afterModifiers(declaration));
                if (type.lookingAt()) {
                    boolean published = top.exposed() && (modifiers(declaration).contains("public") || top.iface()
                            || types.inherited().contains(type.group(2)));
                    scopes.push(new Scope(true, type.group(1).endsWith("interface"), published, false));
                } else {
                    method(file, source, javadocs, start, header, top, types.publishers(), methods);
                    scopes.push(new Scope(false, false, false, false));
                }
                start = i + 1;
            } else if (c == '}') {
                Scope closed = scopes.pop();
                if (!closed.inParens()) {
                    start = i + 1;
                    parens = 0;
                }
            } else if (member && c == ';' && parens == 0) {
                method(file, source, javadocs, start, code.substring(start, i), top, types.publishers(), methods);
                start = i + 1;
            }
        }
        return methods;
    }

    /** Adds the declaration in {@code header} if it is a public reactive method of an exposed type. */
    private static void method(String file, String source, List<int[]> javadocs, int start, String header,
            Scope type, Set<String> publishers, List<Method> methods) {
        if (!type.exposed()) {
            return;
        }
        String declaration = strip(header);
        int paren = declaration.indexOf('(');
        if (paren < 0) {
            return;
        }
        Set<String> modifiers = modifiers(declaration);
        boolean published = modifiers.contains("public") || (type.iface() && !modifiers.contains("private"));
        String signature = afterModifiers(declaration.substring(0, paren)).trim();
        if (!published || signature.contains("=")) {
            return;
        }
        if (signature.startsWith("<")) {
            int depth = 0;
            int end = 0;
            for (; end < signature.length(); end++) {
                depth += signature.charAt(end) == '<' ? 1 : signature.charAt(end) == '>' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            signature = signature.substring(end + 1).trim();
        }
        int space = signature.lastIndexOf(' ');
        if (space < 0) {
            return; // a constructor
        }
        String name = signature.substring(space + 1);
        String returned = signature.substring(0, space).trim();
        int generic = returned.indexOf('<');
        String raw = generic < 0 ? returned : returned.substring(0, generic);
        String simple = raw.substring(raw.lastIndexOf('.') + 1).trim();
        if (!publishers.contains(simple)) {
            return;
        }
        String javadoc = null;
        int end = start + header.length();
        for (int[] doc : javadocs) {
            if (doc[0] >= start && doc[1] <= end) {
                javadoc = source.substring(doc[0], doc[1]);
            }
        }
        Matcher at = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*\\(").matcher(header);
        int offset = at.find() ? start + at.start() : start;
        int line = (int) source.substring(0, offset).chars().filter(ch -> ch == '\n').count() + 1;
        methods.add(new Method(file, name, line, ANNOTATION.matcher(header).results()
                .anyMatch(a -> a.group().equals("@Override")), javadoc));
    }

    /** The declaration without annotations, on one line. */
    private static String strip(String header) {
        return ANNOTATION.matcher(header).replaceAll(" ").replaceAll("\\s+", " ").trim();
    }

    private static Set<String> modifiers(String declaration) {
        Set<String> found = new TreeSet<>();
        for (String word : declaration.split(" ")) {
            if (!MODIFIERS.contains(word)) {
                break;
            }
            found.add(word);
        }
        return found;
    }

    private static String afterModifiers(String declaration) {
        String rest = declaration;
        while (true) {
            int space = rest.indexOf(' ');
            if (space < 0 || !MODIFIERS.contains(rest.substring(0, space))) {
                return rest;
            }
            rest = rest.substring(space + 1);
        }
    }

    /**
     * The source with comments, string, text block and character literals replaced by spaces (line breaks kept, so
     * offsets and lines are the source's); the spans of the Javadoc comments are added to {@code javadocs}.
     */
    private static String blank(String source, List<int[]> javadocs) {
        StringBuilder out = new StringBuilder(source);
        int i = 0;
        int n = source.length();
        while (i < n) {
            int end;
            if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                if (source.startsWith("/**", i) && !source.startsWith("/**/", i)) {
                    javadocs.add(new int[] {i, end});
                }
            } else if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (source.startsWith("\"\"\"", i)) {
                end = i + 3;
                while (end < n && !source.startsWith("\"\"\"", end)) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < n && source.charAt(end) != quote && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }
}
