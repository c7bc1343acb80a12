package ai.vantage.maven.slurm.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.release.ExactRelease;
import org.junit.jupiter.api.Test;

class MavenPathTest {

    @Test
    void tarballSignatureAndChecksums() {
        MavenPath tarball = MavenPath.parse("ai/vantage/slurm/25.11/slurm-25.11-noble-arm64.tar.gz").orElseThrow();
        assertEquals(MavenPath.Kind.TARBALL, tarball.kind());
        assertEquals(SlurmCoordinate.of("25.11", "noble-arm64"), tarball.coordinate());
        assertTrue(tarball.checksum().isEmpty() && !tarball.isSignature());

        MavenPath asc = MavenPath.parse("/ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz.asc").orElseThrow();
        assertTrue(asc.isSignature());
        MavenPath ascSha1 = MavenPath.parse("ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz.asc.sha1").orElseThrow();
        assertTrue(ascSha1.isSignature());
        assertEquals("sha1", ascSha1.checksum().orElseThrow());
        assertEquals("sha512", MavenPath.parse("ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz.sha512")
                .orElseThrow().checksum().orElseThrow());
    }

    @Test
    void sbomOfABuildBySeriesOrExactVersion() {
        MavenPath sbom = MavenPath.parse("ai/vantage/slurm/25.11/slurm-25.11-noble-arm64-cyclonedx.json").orElseThrow();
        assertEquals(MavenPath.Kind.SBOM, sbom.kind());
        assertEquals(SlurmCoordinate.of("25.11", "noble-arm64"), sbom.coordinate());
        assertTrue(sbom.release().isEmpty() && sbom.checksum().isEmpty());

        MavenPath exact = MavenPath.parse("ai/vantage/slurm/25.11.6/slurm-25.11.6-noble-cyclonedx.json.sha256")
                .orElseThrow();
        assertEquals(MavenPath.Kind.SBOM, exact.kind());
        assertEquals(SlurmCoordinate.of("25.11", "noble"), exact.coordinate());
        assertEquals("25.11.6", exact.release().orElseThrow().mavenVersion());
        assertEquals("sha256", exact.checksum().orElseThrow());
        assertThrows(IllegalArgumentException.class,
                () -> MavenPath.parse("ai/vantage/slurm/25.11/slurm-25.11-plan9-cyclonedx.json"));
    }

    @Test
    void pomAndMetadata() {
        MavenPath pom = MavenPath.parse("ai/vantage/slurm/24.11/slurm-24.11.pom").orElseThrow();
        assertEquals(MavenPath.Kind.POM, pom.kind());
        assertEquals("24.11", pom.series());
        assertEquals(MavenPath.Kind.METADATA, MavenPath.parse("ai/vantage/slurm/maven-metadata.xml").orElseThrow().kind());
        assertEquals("md5", MavenPath.parse("ai/vantage/slurm/maven-metadata.xml.md5").orElseThrow().checksum().orElseThrow());
    }

    @Test
    void exactReleaseNamesItsSeriesBuildAndTheRelease() {
        MavenPath tarball = MavenPath.parse("ai/vantage/slurm/25.11.6/slurm-25.11.6-noble.tar.gz").orElseThrow();
        assertEquals(MavenPath.Kind.TARBALL, tarball.kind());
        assertEquals(SlurmCoordinate.of("25.11", "noble"), tarball.coordinate());
        assertEquals(ExactRelease.ofMaven("25.11.6"), tarball.release().orElseThrow());
        assertEquals("25.11.6", tarball.version().mavenVersion());

        MavenPath asc = MavenPath.parse("ai/vantage/slurm/25.11.6/slurm-25.11.6-noble-arm64.tar.gz.asc").orElseThrow();
        assertTrue(asc.isSignature());
        assertEquals(SlurmCoordinate.of("25.11", "noble-arm64"), asc.coordinate());
        assertEquals("25.11.6", asc.release().orElseThrow().mavenVersion());

        MavenPath pom = MavenPath.parse("ai/vantage/slurm/25.11.6/slurm-25.11.6.pom.sha1").orElseThrow();
        assertEquals(MavenPath.Kind.POM, pom.kind());
        assertEquals("25.11", pom.series());
        assertEquals("25.11.6", pom.release().orElseThrow().mavenVersion());
        assertTrue(MavenPath.parse("ai/vantage/slurm/25.11/slurm-25.11.pom").orElseThrow().release().isEmpty());
    }

    @Test
    void malformedVersionIsAnErrorNamingBothForms() {
        for (String path : new String[] {"ai/vantage/slurm/25.11.x/slurm-25.11.x-noble.tar.gz",
            "ai/vantage/slurm/25.11.6.1/slurm-25.11.6.1.pom", "ai/vantage/slurm/25.13.6/slurm-25.13.6-noble.tar.gz"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenPath.parse(path));
            assertTrue(e.getMessage().contains("series YY.MM") && e.getMessage().contains("exact release YY.MM.P"),
                    e.getMessage());
        }
    }

    @Test
    void otherPathsAreNotOurs() {
        for (String path : new String[] {"org/apache/maven/plugins/maven-dependency-plugin/3.8.1/x.pom",
            "ai/vantage/maven-metadata.xml", "ai/vantage/slurm/25.11/maven-metadata.xml",
            "ai/vantage/slurm/25.11/slurm-25.11-noble.jar", "ai/vantage/slurm/25.11/other-25.11.pom",
            "ai/vantage/slurm-bom/1/slurm-bom-1.pom"}) {
            assertTrue(MavenPath.parse(path).isEmpty(), path);
        }
    }

    @Test
    void slurmPathWithUnknownToolchainIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> MavenPath.parse("ai/vantage/slurm/25.11/slurm-25.11-xenial.tar.gz"));
    }
}
