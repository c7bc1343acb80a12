package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.HostDetector;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.SlurmVersion;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.maven.model.Dependency;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;

/**
 * The Slurm builds a goal works on, as its parameters and the project's dependencies name them. A build asked for by
 * an exact release ({@code 25.11.6}) is its series build ({@code 25.11}), remembered with that release: resolved by
 * the exact version and required of the tree.
 */
final class RequestedBuilds {

    /** The exact releases asked for, by the series build each maps to. */
    private final Map<SlurmCoordinate, ExactRelease> exactReleases = new HashMap<>();

    /**
     * The build of {@code version}, {@code toolchain} and {@code arch}: the toolchain and architecture default to the
     * host's, the version to the one {@code project} manages.
     */
    SlurmCoordinate chosen(MavenProject project, String version, String toolchain, String arch)
            throws MojoExecutionException {
        try {
            HostDetector host = HostDetector.ofThisHost();
            Toolchain t = toolchain != null ? Toolchain.of(toolchain) : host.toolchain();
            Arch a = arch != null ? Arch.of(arch) : host.arch();
            String classifier = SlurmCoordinate.classifier(t, a);
            String asked = version != null ? version : managedVersion(project, classifier).orElseThrow(() ->
                    new MojoExecutionException("No Slurm series given: set -Dslurm.version=25.11 (or an exact release, "
                            + "25.11.6; or <version> in the plugin configuration), or import "
                            + "ai.vantage.maven:slurm-bom in <dependencyManagement>"));
            SlurmVersion slurmVersion = SlurmVersion.parse(asked);
            return build(slurmVersion, classifier);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /**
     * The builds {@code project} uses, ordered: its {@code ai.vantage:slurm} dependencies and the entries of its own
     * dependency management (not every classifier an imported BOM manages).
     */
    Set<SlurmCoordinate> usedBy(MavenProject project) throws MojoExecutionException {
        Set<SlurmCoordinate> used = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        Set<String> ownManaged = new HashSet<>();
        if (project.getOriginalModel().getDependencyManagement() != null) {
            project.getOriginalModel().getDependencyManagement().getDependencies().stream()
                    .filter(RequestedBuilds::isSlurm).forEach(d -> ownManaged.add(d.getClassifier()));
        }
        Stream<Dependency> managed = project.getDependencyManagement() == null ? Stream.empty()
                : project.getDependencyManagement().getDependencies().stream()
                        .filter(d -> ownManaged.contains(d.getClassifier()));
        try {
            Stream.concat(project.getDependencies().stream(), managed)
                    .filter(RequestedBuilds::isSlurm)
                    .forEach(d -> used.add(build(SlurmVersion.parse(d.getVersion()), d.getClassifier())));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        return used;
    }

    private static boolean isSlurm(Dependency d) {
        return SlurmCoordinate.isSlurm(d.getGroupId(), d.getArtifactId()) && d.getClassifier() != null
                && !d.getClassifier().isBlank();
    }

    /**
     * The series build {@code slurmVersion} of {@code classifier} names, remembering the exact release it asks for.
     *
     * @throws IllegalArgumentException for a malformed classifier, or when the build is asked for as two releases
     */
    private SlurmCoordinate build(SlurmVersion slurmVersion, String classifier) {
        SlurmCoordinate coordinate = slurmVersion.coordinate(classifier);
        slurmVersion.exact().ifPresent(release -> {
            ExactRelease other = exactReleases.putIfAbsent(coordinate, release);
            if (other != null && !other.sameRelease(release)) {
                throw new IllegalArgumentException(coordinate + " is asked for as Slurm " + other + " and as " + release
                        + ": pick one version");
            }
        });
        return coordinate;
    }

    /**
     * The version {@code project} manages for {@code ai.vantage:slurm} of {@code classifier} (its own entry, e.g. an
     * exact release, wins over an imported BOM's), else the series of the first it manages for any classifier (an exact
     * release of another toolchain says nothing of this one).
     */
    private static Optional<String> managedVersion(MavenProject project, String classifier) {
        if (project.getDependencyManagement() == null) {
            return Optional.empty();
        }
        List<Dependency> managed = project.getDependencyManagement().getDependencies().stream()
                .filter(d -> SlurmCoordinate.isSlurm(d.getGroupId(), d.getArtifactId()))
                .toList();
        return managed.stream().filter(d -> classifier.equals(d.getClassifier())).findFirst()
                .map(Dependency::getVersion)
                .or(() -> managed.stream().findFirst().map(d -> SlurmVersion.parse(d.getVersion()).series()));
    }

    /** {@code coordinate} for the log, with the exact release asked for, e.g. {@code … (Slurm 25.11.6)}. */
    String describe(SlurmCoordinate coordinate) {
        ExactRelease exact = exactReleases.get(coordinate);
        return exact == null ? coordinate.toString() : coordinate + " (Slurm " + exact + ")";
    }

    /** The exact release {@code coordinate} was asked for as, if any. */
    Optional<ExactRelease> exactRelease(SlurmCoordinate coordinate) {
        return Optional.ofNullable(exactReleases.get(coordinate));
    }

    /** The Maven version {@code coordinate} is resolved by: the exact one it was asked for, else its series. */
    String mavenVersion(SlurmCoordinate coordinate) {
        return new SlurmVersion(coordinate.series(), exactRelease(coordinate)).mavenVersion();
    }

    /** The exact releases asked for so far, by the series build each maps to. */
    Map<SlurmCoordinate, ExactRelease> exactReleases() {
        return Map.copyOf(exactReleases);
    }
}
