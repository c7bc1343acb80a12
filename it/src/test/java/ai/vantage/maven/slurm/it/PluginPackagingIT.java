package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin as Maven gets it (the staged repository): its jar carries its runtime dependencies, and the POM it
 * installs lists none, so building its class realm reads no POM of theirs (docs/architecture.md).
 */
class PluginPackagingIT {

    private final Path folder = Path.of(System.getProperty("it.repo"), "ai/vantage/maven/slurm-maven-plugin",
            System.getProperty("it.version"));
    private final String name = "slurm-maven-plugin-" + System.getProperty("it.version");

    @Test
    void thePomListsOnlyProvidedAndTestDependencies() throws Exception {
        NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(folder.resolve(name + ".pom").toFile()).getElementsByTagName("dependency");
        List<String> runtime = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            NodeList scope = dependency.getElementsByTagName("scope");
            String value = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent().trim();
            if (!value.equals("provided") && !value.equals("test")) {
                runtime.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent() + ":" + value);
            }
        }
        assertEquals(List.of(), runtime, "dependencies Maven would read for the plugin's realm");
    }

    @Test
    void theJarCarriesTheEngineAndItsLibrariesWithoutForeignSignatures() throws Exception {
        try (JarFile jar = new JarFile(folder.resolve(name + ".jar").toFile())) {
            for (String entry : List.of("ai/vantage/maven/slurm/install/TarballReader.class",
                    "ai/vantage/maven/slurm/bridge/BridgeServer.class",
                    "org/bouncycastle/openpgp/PGPSignature.class",
                    "org/apache/commons/compress/archivers/tar/TarArchiveInputStream.class",
                    "com/fasterxml/jackson/core/JsonFactory.class",
                    "org/cyclonedx/model/Bom.class",
                    "org/eclipse/jetty/server/Server.class")) {
                assertNotNull(jar.getEntry(entry), entry);
            }
            assertFalse(jar.stream().anyMatch(e -> e.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")),
                    "Bouncy Castle's jar signatures do not sign this jar");
            assertTrue(jar.isMultiRelease(), "Multi-Release, for Bouncy Castle's and Jackson's versioned classes");
        }
    }
}
