package ai.vantage.maven.slurm.metadata;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.release.SlurmVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The POM of {@code ai.vantage:slurm:<series>} or {@code ai.vantage:slurm:<exact release>}, which the cache does not
 * have: packaging {@code pom} (the builds are classified {@code tar.gz} attachments), with the license and sources of
 * Slurm itself; an exact release's POM names it in the property {@value #RELEASE_PROPERTY}.
 */
public final class PomSynthesizer {

    /** The property of an exact release's POM that names the release, e.g. {@code 25.11.6}. */
    public static final String RELEASE_PROPERTY = "slurm.release";

    private PomSynthesizer() {}

    /** The POM of {@code series} (UTF-8, the same bytes for the same arguments). */
    public static byte[] pom(String series, String cacheUrl) {
        return pom(new SlurmVersion(series, Optional.empty()), cacheUrl);
    }

    /** The POM of a series or an exact release (UTF-8, the same bytes for the same arguments). */
    public static byte[] pom(SlurmVersion slurmVersion, String cacheUrl) {
        String series = slurmVersion.series();
        String version = slurmVersion.mavenVersion();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>" + SlurmCoordinate.GROUP_ID + "</groupId>\n"
                + "  <artifactId>" + SlurmCoordinate.ARTIFACT_ID + "</artifactId>\n"
                + "  <version>" + version + "</version>\n"
                + "  <packaging>pom</packaging>\n"
                + "  <name>Slurm " + version + "</name>\n"
                + "  <description>Pre-built, relocatable Slurm " + series + " trees from the Slurm Factory cache, one"
                + " tar.gz per toolchain and architecture (classifier &lt;toolchain&gt; for amd64,"
                + " &lt;toolchain&gt;-arm64), each signed by the Slurm Factory signing key.</description>\n"
                + "  <url>" + escape(cacheUrl) + "</url>\n"
                + "  <licenses>\n"
                + "    <license>\n"
                + "      <name>GPL-2.0-or-later</name>\n"
                + "      <url>https://spdx.org/licenses/GPL-2.0-or-later.html</url>\n"
                + "      <distribution>repo</distribution>\n"
                + "    </license>\n"
                + "  </licenses>\n"
                + "  <organization>\n"
                + "    <name>SchedMD LLC (Slurm); Vantage Compute Corporation (Slurm Factory builds)</name>\n"
                + "  </organization>\n"
                + "  <scm>\n"
                + "    <url>https://github.com/SchedMD/slurm</url>\n"
                + "    <connection>scm:git:https://github.com/SchedMD/slurm.git</connection>\n"
                + "  </scm>\n"
                + slurmVersion.exact().map(r -> "  <properties>\n    <" + RELEASE_PROPERTY + ">" + r.mavenVersion() + "</"
                        + RELEASE_PROPERTY + ">\n  </properties>\n").orElse("")
                + "</project>\n";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
