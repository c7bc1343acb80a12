package ai.vantage.maven.slurm.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Maven lines every scenario runs on: the wrapper's 3.9 and 4.0, unpacked by the build. */
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
