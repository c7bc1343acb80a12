package ai.vantage.maven.slurm.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.release.ExactRelease;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.DependencyManagement;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class RequestedBuildsTest {

    private static final SlurmCoordinate NOBLE = SlurmCoordinate.of("25.11", "noble");
    private static final SlurmCoordinate JAMMY_ARM = SlurmCoordinate.of("25.11", "jammy-arm64");

    @Test
    void anExactReleaseIsItsSeriesBuildResolvedByThatRelease() throws Exception {
        RequestedBuilds builds = new RequestedBuilds();
        assertEquals(NOBLE, builds.chosen(project(List.of(), List.of()), "25.11.6", "noble", "amd64"));
        assertEquals("ai.vantage:slurm:25.11:tar.gz:noble (Slurm 25.11.6)", builds.describe(NOBLE));
        assertEquals("25.11.6", builds.mavenVersion(NOBLE));
        assertEquals(Map.of(NOBLE, ExactRelease.ofMaven("25.11.6")), builds.exactReleases());
    }

    @Test
    void aSeriesBuildIsResolvedByItsSeries() throws Exception {
        RequestedBuilds builds = new RequestedBuilds();
        assertEquals(JAMMY_ARM, builds.chosen(project(List.of(), List.of()), "25.11", "jammy", "arm64"));
        assertEquals(JAMMY_ARM.toString(), builds.describe(JAMMY_ARM));
        assertEquals("25.11", builds.mavenVersion(JAMMY_ARM));
        assertEquals(Optional.empty(), builds.exactRelease(JAMMY_ARM));
    }

    @Test
    void theVersionDefaultsToTheOneTheProjectManagesForTheClassifierElseItsSeries() throws Exception {
        MavenProject project = project(List.of(), List.of(slurm("25.11.6", "jammy-arm64"), slurm("24.11.3", "noble")));
        RequestedBuilds builds = new RequestedBuilds();
        assertEquals(SlurmCoordinate.of("24.11", "noble"), builds.chosen(project, null, "noble", "amd64"));
        assertEquals("24.11.3", builds.mavenVersion(SlurmCoordinate.of("24.11", "noble")));
        assertEquals(SlurmCoordinate.of("25.11", "rockylinux9"), builds.chosen(project, null, "rockylinux9", "amd64"));
        assertEquals(Optional.empty(), builds.exactRelease(SlurmCoordinate.of("25.11", "rockylinux9")));
    }

    @Test
    void noVersionAnywhereNamesHowToGiveOne() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> new RequestedBuilds().chosen(project(List.of(), List.of()), null, "noble", "amd64"));
        assertEquals("No Slurm series given: set -Dslurm.version=25.11 (or an exact release, 25.11.6; or <version> in "
                + "the plugin configuration), or import ai.vantage.maven:slurm-bom in <dependencyManagement>",
                e.getMessage());
    }

    @Test
    void oneBuildAskedForAsTwoReleasesIsRefused() throws Exception {
        RequestedBuilds builds = new RequestedBuilds();
        builds.chosen(project(List.of(), List.of()), "25.11.6", "noble", "amd64");
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> builds.usedBy(project(List.of(slurm("25.11.7", "noble")), List.of())));
        assertEquals(NOBLE + " is asked for as Slurm 25.11.6 and as 25.11.7: pick one version", e.getMessage());
    }

    @Test
    void theProjectUsesItsDependenciesAndItsOwnManagedEntriesNotEveryImportedOne() throws Exception {
        Dependency own = slurm("25.11", "jammy-arm64");
        MavenProject project = project(List.of(slurm("25.11.6", "noble"), slurm("25.11", "")),
                List.of(own, slurm("25.11", "rockylinux9")));
        project.getOriginalModel().setDependencyManagement(management(List.of(own)));
        RequestedBuilds builds = new RequestedBuilds();
        assertEquals(List.of(JAMMY_ARM, NOBLE), List.copyOf(builds.usedBy(project)));
        assertEquals("25.11.6", builds.mavenVersion(NOBLE));
    }

    /** A project whose effective model has these dependencies and managed ones, and whose own POM manages none. */
    private static MavenProject project(List<Dependency> dependencies, List<Dependency> managed) {
        Model model = new Model();
        model.setDependencies(dependencies);
        model.setDependencyManagement(management(managed));
        MavenProject project = new MavenProject(model);
        project.setOriginalModel(new Model());
        return project;
    }

    private static DependencyManagement management(List<Dependency> dependencies) {
        DependencyManagement management = new DependencyManagement();
        management.setDependencies(dependencies);
        return management;
    }

    private static Dependency slurm(String version, String classifier) {
        Dependency dependency = new Dependency();
        dependency.setGroupId(SlurmCoordinate.GROUP_ID);
        dependency.setArtifactId(SlurmCoordinate.ARTIFACT_ID);
        dependency.setVersion(version);
        dependency.setClassifier(classifier);
        dependency.setType(SlurmCoordinate.EXTENSION);
        return dependency;
    }
}
