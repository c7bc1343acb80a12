package ai.vantage.maven.slurm.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Maven lines the scenarios run on: the wrapper's 3.9 and 4.0, unpacked by the build. A scenario of what Maven
 * does (resolution, the transport, checksums, repositories, the session the extension and the plugin share) runs on
 * both. A scenario of what the install engine does with bytes Maven has handed over (a hostile tree, a killed unpack,
 * scripts, rollback, SBOMs, {@code slurm:available}) runs on one, named in its {@code @EnumSource}; such scenarios
 * take turns on the two lines, so each line drives the engine too.
 */
public enum MavenVersion {
    MAVEN_3("it.maven3.home"),
    MAVEN_4("it.maven4.home");

    private final String property;

    MavenVersion(String property) {
        this.property = property;
    }

    /** The {@code mvn} launcher. */
    public Path executable() {
        String home = System.getProperty(property);
        if (home == null) {
            throw new IllegalStateException("System property " + property + " is not set: run the ITs through "
                    + "./mvnw verify, which unpacks the Maven distributions");
        }
        Path mvn = Path.of(home, "bin", "mvn");
        if (!Files.isExecutable(mvn)) {
            throw new IllegalStateException(mvn + " is missing: the build unpacks it in pre-integration-test");
        }
        return mvn;
    }
}
