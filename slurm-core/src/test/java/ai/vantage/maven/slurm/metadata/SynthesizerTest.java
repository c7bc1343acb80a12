package ai.vantage.maven.slurm.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.release.SlurmVersion;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SynthesizerTest {

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String text(Document document, String tag) {
        return document.getElementsByTagNameNS("*", tag).item(0).getTextContent();
    }

    @Test
    void pomHasTheExactCoordinatesOfItsPath() throws Exception {
        Document pom = parse(PomSynthesizer.pom("24.11", "https://cache.example/"));
        assertEquals("ai.vantage", text(pom, "groupId"));
        assertEquals("slurm", text(pom, "artifactId"));
        assertEquals("24.11", text(pom, "version"));
        assertEquals("pom", text(pom, "packaging"));
        assertEquals("Slurm 24.11", text(pom, "name"));
        assertEquals("https://cache.example/", text(pom, "url"));
        Element license = (Element) pom.getElementsByTagNameNS("*", "license").item(0);
        assertEquals("GPL-2.0-or-later", license.getElementsByTagNameNS("*", "name").item(0).getTextContent());
        Element scm = (Element) pom.getElementsByTagNameNS("*", "scm").item(0);
        assertEquals("https://github.com/SchedMD/slurm", scm.getElementsByTagNameNS("*", "url").item(0).getTextContent());
        assertArrayEquals(PomSynthesizer.pom("24.11", "https://cache.example/"),
                PomSynthesizer.pom("24.11", "https://cache.example/"));
        assertThrows(IllegalArgumentException.class, () -> PomSynthesizer.pom("24.11.2", "x"));
    }

    @Test
    void pomOfAnExactReleaseNamesItInTheSlurmReleaseProperty() throws Exception {
        Document exact = parse(PomSynthesizer.pom(SlurmVersion.parse("25.11.6"), "https://cache.example/"));
        assertEquals("25.11.6", text(exact, "version"));
        assertEquals("Slurm 25.11.6", text(exact, "name"));
        assertEquals("25.11.6", text(exact, PomSynthesizer.RELEASE_PROPERTY));

        Document series = parse(PomSynthesizer.pom("25.11", "https://cache.example/"));
        assertEquals(0, series.getElementsByTagNameNS("*", "properties").getLength(),
                "a series names no release: upstream's differs per toolchain and changes under the same key");
        assertTrue(text(series, "description").contains("Slurm 25.11 trees"));
    }

    @Test
    void metadataListsSeriesOldestFirstWithTheNewestAsRelease() throws Exception {
        Document metadata = parse(MetadataSynthesizer.metadata(List.of("25.11", "23.11", "26.05", "25.11"),
                Instant.parse("2026-11-24T10:15:30Z")));
        assertEquals("ai.vantage", text(metadata, "groupId"));
        assertEquals("slurm", text(metadata, "artifactId"));
        assertEquals("26.05", text(metadata, "latest"));
        assertEquals("26.05", text(metadata, "release"));
        assertEquals("20261124101530", text(metadata, "lastUpdated"));
        NodeList versions = metadata.getElementsByTagName("version");
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < versions.getLength(); i++) {
            listed.add(versions.item(i).getTextContent());
        }
        assertEquals(List.of("23.11", "25.11", "26.05"), listed);
        assertThrows(IllegalArgumentException.class, () -> MetadataSynthesizer.metadata(List.of(), Instant.now()));
    }
}
