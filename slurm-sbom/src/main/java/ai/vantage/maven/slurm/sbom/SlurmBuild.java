package ai.vantage.maven.slurm.sbom;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.spack.SlurmSpackRelease;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an SBOM is made from: one Slurm build as its toolchain's Spack mirror signs it, the cache key its tarball is
 * published under, and the tarball's checksums when they are known.
 *
 * @param release the exact release, with its signed spec and DAG
 * @param cacheKeyUrl the URL of the build's tarball on the cache
 * @param tarballChecksums lower-case hex by algorithm ({@code sha256}, {@code sha512}); empty when the tarball was not
 *     read
 */
public record SlurmBuild(SlurmSpackRelease release, String cacheKeyUrl, Map<String, String> tarballChecksums) {

    public SlurmBuild {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(cacheKeyUrl, "cacheKeyUrl");
        tarballChecksums = Map.copyOf(new TreeMap<>(tarballChecksums));
    }

    /** The Maven classifier of the build, e.g. {@code noble} or {@code noble-arm64}. */
    public String classifier() {
        return SlurmCoordinate.classifier(release.toolchain(), release.arch());
    }
}
