package dev.r2orm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the packages of reactive-core in layers, data flowing one way: {@code Query} -> {@code Statement} -> callback
 * chain -> executor -> dialect, with {@code clause} and {@code schema} below them. Every package may depend on the
 * packages below it; a dependency on one above is debt. The debt that exists is listed here edge by edge (most of it
 * is public API: a callback's {@code Operation} and a hook's context hand out the {@code Db}), so a new upward
 * dependency, which would close a new package cycle, fails this test, and so does paying a debt off without
 * striking it from the list.
 *
 * <p>The root package's exceptions and small value types ({@link Session}, {@link TxOptions}, {@link Named},
 * {@link ConstraintDetails}) count as a layer of their own at the bottom: every layer reports errors with them.
 * Dependencies are read from the compiled classes' constant pools, which name every class a class refers to.
 */
class PackageLayersTest {

    /** The layers, lowest first; {@code dev.r2orm} is the root package's API (everything but {@link #VALUES}). */
    private static final List<String> LAYERS = List.of("values", "annotation", "schema", "clause", "dialect", "logger",
            "internal", "migrator", "hook", "callbacks", "dev.r2orm", "plugins");

    private static final Set<String> VALUES = Set.of("Session", "TxOptions", "Named", "ConstraintDetails");

    /** Upward dependencies that exist, with the classes that make them. */
    private static final Map<String, String> DEBT = Map.of(
            "annotation -> schema", "@Serializer names a schema.Converter class",
            "clause -> dialect", "SqlWriter.dialect() is public API; Limit, Locking, OnConflict, IndexHint and Sql ask"
                    + " the dialect how to render",
            "dialect -> dev.r2orm", "Dialect's rendering hooks take a Statement",
            "hook -> dev.r2orm", "HookContext.db() is public API",
            "callbacks -> dev.r2orm", "Operation.db() and Operation.statement() are public API; the steps run Query"
                    + " and Statement");

    private static final Pattern REFERENCE = Pattern.compile("dev/r2orm/((?:[a-z0-9_]+/)*)([A-Z][A-Za-z0-9_]*)");

    @Test
    void packagesDependOnlyOnLayersBelowThemExceptForTheListedDebt() {
        Map<String, Set<String>> upward = new TreeMap<>();
        for (Path file : classFiles()) {
            String from = layer(file);
            for (String to : references(file)) {
                if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                    upward.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>())
                            .add(classesRoot().relativize(file).toString());
                }
            }
        }
        assertThat(upward.keySet()).as("upward package dependencies (by class: %s)", upward)
                .containsExactlyInAnyOrderElementsOf(DEBT.keySet());
    }

    @Test
    void clauseAndSchemaDependOnNothingAboveTheDialect() {
        for (Path file : classFiles()) {
            String from = layer(file);
            if (from.equals("clause") || from.equals("schema")) {
                for (String to : references(file)) {
                    assertThat(LAYERS.indexOf(to)).as("%s refers to layer %s", file.getFileName(), to)
                            .isLessThanOrEqualTo(LAYERS.indexOf("dialect"));
                }
            }
        }
    }

    private static String layer(Path classFile) {
        Path relative = classesRoot().relativize(classFile);
        if (relative.getNameCount() == 1) {
            String name = relative.getFileName().toString();
            String outer = name.substring(0, name.length() - ".class".length()).split("\\$")[0];
            return layerOfRoot(outer);
        }
        return relative.getName(0).toString();
    }

    private static String layerOfRoot(String simpleName) {
        return simpleName.endsWith("Exception") || VALUES.contains(simpleName) ? "values" : "dev.r2orm";
    }

    private static Set<String> references(Path classFile) {
        String text;
        try {
            text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> layers = new TreeSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            String pkg = m.group(1);
            String top = pkg.isEmpty() ? layerOfRoot(m.group(2).split("\\$")[0]) : pkg.substring(0, pkg.indexOf('/'));
            if (LAYERS.contains(top)) {
                layers.add(top);
            }
        }
        return layers;
    }

    private static List<Path> classFiles() {
        try (Stream<Path> files = Files.walk(classesRoot())) {
            List<Path> out = files.filter(p -> p.toString().endsWith(".class")).toList();
            assertThat(out).as("compiled classes of reactive-core").hasSizeGreaterThan(100);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path classesRoot() {
        try {
            return Path.of(Db.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/r2orm");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
