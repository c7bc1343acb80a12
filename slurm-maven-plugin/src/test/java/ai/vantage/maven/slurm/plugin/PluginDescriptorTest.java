package ai.vantage.maven.slurm.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Each goal offers exactly the parameters it uses (the table in docs/plugin.md), read from the built descriptor. */
class PluginDescriptorTest {

    @Test
    void eachGoalDeclaresOnlyTheParametersItUses() throws Exception {
        Set<String> lock = Set.of("version", "toolchain", "arch", "skip", "upstream"); // it always fetches anew
        Set<String> build = union(lock, Set.of("refresh"));
        Map<String, Set<String>> expected = new TreeMap<>(Map.of(
                "detect", Set.of(),
                "env", Set.of("prefix", "skip"),
                "rollback", Set.of("prefix"),
                "verify", build,
                "lock", lock,
                "available", Set.of("upstream", "toolchain", "output", "concurrency"),
                "spack-mirrors", Set.of("upstream", "toolchain", "version", "directory"),
                "install", union(build, Set.of("prefix", "installScript", "installArgs", "runInstallScript",
                        "scriptTimeout", "force", "keepReleases", "maxUnpackedSize"))));

        Map<String, Set<String>> declared = new TreeMap<>();
        Document descriptor = descriptor();
        NodeList mojos = descriptor.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = text(mojo, "goal");
            if (!expected.containsKey(goal)) {
                continue;
            }
            Set<String> editable = new TreeSet<>();
            NodeList parameters = mojo.getElementsByTagName("parameter");
            for (int j = 0; j < parameters.getLength(); j++) {
                Element parameter = (Element) parameters.item(j);
                if (Boolean.parseBoolean(text(parameter, "editable"))) {
                    editable.add(text(parameter, "name"));
                }
            }
            declared.put(goal, editable);
        }

        expected.replaceAll((goal, names) -> new TreeSet<>(names));
        assertEquals(expected, declared);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Document descriptor() throws Exception {
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertNotNull(in, "the plugin descriptor is built before the tests");
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    private static String text(Element element, String child) {
        return element.getElementsByTagName(child).item(0).getTextContent().trim();
    }
}
