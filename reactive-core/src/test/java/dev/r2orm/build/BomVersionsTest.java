package dev.r2orm.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM ({@code reactive-core/bom/pom.xml}) manages the versions the build is tested with: each of its version
 * properties equals the build's (r2orm-parent's), and it lists every published module of the build, at the build's
 * version. Published: the jar modules outside {@code examples}.
 */
class BomVersionsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Map<String, String> properties(Document pom) {
        Map<String, String> properties = new TreeMap<>();
        NodeList nodes = ((Element) pom.getElementsByTagName("properties").item(0)).getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                properties.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        return properties;
    }

    private static String child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        return "";
    }

    @Test
    void theBomsVersionsAreTheBuilds() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("reactive-core/bom/pom.xml"));
        Map<String, String> built = properties(parent);
        Map<String, String> managed = properties(bom);
        managed.forEach((name, version) -> {
            if (!name.equals("r2orm.version")) {
                assertThat(built).as("the build's %s", name).containsEntry(name, version);
            }
        });
        assertThat(managed).containsKeys("netty.version", "reactor.version", "r2dbc-pool.version",
                "r2dbc-postgresql.version", "r2dbc-mysql.version", "r2dbc-h2.version");
        assertThat(managed.get("r2orm.version")).isEqualTo(child(parent.getDocumentElement(), "version"));
    }

    @Test
    void theBomListsEveryPublishedModule() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        List<String> published = new ArrayList<>();
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            Path pom = ROOT.resolve(modules.item(i).getTextContent().trim()).resolve("pom.xml");
            Element project = read(pom).getDocumentElement();
            if (Files.exists(pom) && !child(project, "packaging").equals("pom")) {
                published.add(child(project, "artifactId"));
            }
        }
        List<String> managed = new ArrayList<>();
        NodeList dependencies = read(ROOT.resolve("reactive-core/bom/pom.xml")).getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (child(dependency, "groupId").equals("dev.r2orm")) {
                managed.add(child(dependency, "artifactId"));
            }
        }
        assertThat(published).contains("reactive-core", "reactive-spring-boot");
        assertThat(managed).containsExactlyInAnyOrderElementsOf(published);
    }
}
