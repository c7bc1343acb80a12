package ai.vantage.maven.slurm.metadata;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import java.nio.charset.StandardCharsets;

/**
 * The POM of {@code ai.vantage:slurm:<series>}, which the cache does not have: packaging {@code pom} (the builds are
 * classified {@code tar.gz} attachments), with the license and sources of Slurm itself.
 */
public final class PomSynthesizer {

    private PomSynthesizer() {}

    /** The POM's bytes (UTF-8, the same for the same arguments). */
    public static byte[] pom(String series, String cacheUrl) {
        SlurmSeries.require(series);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>" + SlurmCoordinate.GROUP_ID + "</groupId>\n"
                + "  <artifactId>" + SlurmCoordinate.ARTIFACT_ID + "</artifactId>\n"
                + "  <version>" + series + "</version>\n"
                + "  <packaging>pom</packaging>\n"
                + "  <name>Slurm " + series + "</name>\n"
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
                + "</project>\n";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
