package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The BOM ({@code bom/pom.xml}) lists exactly the artifacts the build publishes: every module of
 * the reactor that does not set {@code maven.deploy.skip}, apart from the BOM itself, each at
 * {@code ${project.version}}. A new module is published unless it says otherwise, so adding one
 * without adding it to the BOM (or skipping its deploy) fails here. The README's snippet imports
 * the BOM at the project's version.
 */
class PublishedArtifactsTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theBomListsEveryPublishedModule() throws Exception {
        Element bom = pom(ROOT.resolve("bom"));
        assertEquals("qmp4j-bom", child(bom, "artifactId"));
        assertEquals("pom", child(bom, "packaging"));

        Set<String> published = new TreeSet<>();
        for (String module : children(element(pom(ROOT), "modules"), "module")) {
            Element pom = pom(ROOT.resolve(module));
            Element properties = element(pom, "properties");
            boolean skipped = properties != null && "true".equals(child(properties, "maven.deploy.skip"));
            if (!skipped && !"pom".equals(child(pom, "packaging"))) {
                published.add(child(pom, "artifactId"));
            }
        }

        Set<String> listed = new TreeSet<>();
        for (Element dependency : elements(element(element(bom, "dependencyManagement"), "dependencies"),
                "dependency")) {
            String artifactId = child(dependency, "artifactId");
            assertEquals("dev.qmp4j", child(dependency, "groupId"), artifactId);
            assertEquals("${project.version}", child(dependency, "version"), artifactId);
            assertTrue(listed.add(artifactId), "listed twice: " + artifactId);
        }
        assertEquals(published, listed, "bom/pom.xml must list every published module (those without "
                + "maven.deploy.skip) and nothing else");
        assertTrue(published.contains("qmp4j-client-core"), published.toString());
    }

    @Test
    void theReadmeImportsTheBomAtThisVersion() throws Exception {
        String version = child(pom(ROOT), "version");
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("<artifactId>qmp4j-bom</artifactId>\n      <version>" + version + "</version>"),
                "README, Getting it: import qmp4j-bom at " + version);
        assertTrue(readme.contains("platform(\"dev.qmp4j:qmp4j-bom:" + version + "\")"), "README, Gradle line");
    }

    private static Element pom(Path module) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(module.resolve("pom.xml").toFile()).getDocumentElement();
    }

    /** The direct child element of that name, or null. */
    private static Element element(Element parent, String name) {
        List<Element> found = elements(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The text of the direct child element of that name, or null. */
    private static String child(Element parent, String name) {
        Element e = element(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static List<String> children(Element parent, String name) {
        return elements(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
    }
}
