package dev.seunit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The guide's {@code pom.xml} (the region {@code pom} of {@code src/it/consumer/pom.xml}, which the
 * consumer check builds) holds values a user can paste: the versions of this build, written out,
 * no build-time tokens and no property it does not define. When SEUnit's parent POM moves a
 * version, this test says which line of the consumer POM to change (then rewrite the guide's block
 * with {@link SnippetsTest#UPDATE_COMMAND}).
 */
class ConsumerPomTest {

    private static final Path ROOT = Path.of(System.getProperty("seunit.docs.root", "..")).toAbsolutePath().normalize();
    private static final Path CONSUMER = ROOT.resolve("src/it/consumer/pom.xml");

    @Test
    void theVersionsAreThoseOfThisBuild() throws Exception {
        Element parent = read(ROOT.resolve("pom.xml"));
        Element consumer = read(CONSUMER);
        Map<String, String> parentProperties = properties(parent);
        Map<String, String> properties = properties(consumer);

        assertThat(properties.get("seunit.version")).as("seunit.version in %s", CONSUMER)
                .isEqualTo(child(parent, "version").getTextContent());
        assertThat(properties.get("junit.version")).as("junit.version in %s", CONSUMER)
                .isEqualTo(parentProperties.get("junit.version"));
        assertThat(Files.readString(CONSUMER, StandardCharsets.UTF_8))
                .as("the JUnit 6 version the guide's POM names (the consumer check builds it too)")
                .contains("<!-- or " + parentProperties.get("junit6.version") + " -->");
        assertThat(properties.get("maven.compiler.release")).isEqualTo(parentProperties.get("maven.compiler.release"));

        Map<String, String> managed = plugins(child(child(parent, "build"), "pluginManagement"), parentProperties);
        Map<String, String> used = plugins(child(consumer, "build"), properties);
        assertThat(used).containsKeys("maven-compiler-plugin", "maven-surefire-plugin");
        used.forEach((plugin, version) -> assertThat(version).as("the version of %s in %s (the one SEUnit builds with)",
                plugin, CONSUMER).isEqualTo(managed.get(plugin)));
    }

    @Test
    void itHoldsNoBuildTimeTokensAndOnlyPropertiesItDefines() throws Exception {
        String pom = String.join("\n", SnippetsTest.region(CONSUMER, "pom"));
        assertThat(pom).as("the guide's pom.xml").doesNotContainPattern("@[\\w.-]+@");
        Map<String, String> properties = properties(read(CONSUMER));
        Matcher reference = Pattern.compile("\\$\\{([^}]+)}").matcher(pom);
        while (reference.find()) {
            String name = reference.group(1);
            assertThat(properties.containsKey(name) || name.startsWith("project."))
                    .as("${%s} is defined in the guide's pom.xml", name).isTrue();
        }
    }

    private static Element read(Path pom) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        throw new AssertionError("<" + parent.getNodeName() + "> has no <" + name + ">");
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Node n = child(project, "properties").getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                properties.put(n.getNodeName(), n.getTextContent().trim());
            }
        }
        return properties;
    }

    /** Plugin artifactId to version, ${...} resolved from {@code properties}. */
    private static Map<String, String> plugins(Element build, Map<String, String> properties) {
        Map<String, String> versions = new LinkedHashMap<>();
        NodeList plugins = child(build, "plugins").getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            String version = child(plugin, "version").getTextContent().trim();
            Matcher property = Pattern.compile("\\$\\{(.+)}").matcher(version);
            versions.put(child(plugin, "artifactId").getTextContent().trim(),
                    property.matches() ? properties.get(property.group(1)) : version);
        }
        return versions;
    }
}
