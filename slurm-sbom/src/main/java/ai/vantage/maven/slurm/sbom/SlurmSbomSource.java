package ai.vantage.maven.slurm.sbom;

import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.spack.SlurmSpackRelease;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the SBOM of a build comes from: the signed Slurm spec the toolchain's Spack mirror on the cache holds for the
 * build's series and architecture now. When the build is known to be a release (asked for as one, or named by its
 * tarball's module file), the spec must be of that release; otherwise the newest is taken. Two specs of the same
 * release and packaging revision for one architecture are refused: either could be the build.
 */
public final class SlurmSbomSource {

    private final SlurmCache cache;

    public SlurmSbomSource(SlurmCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * The SBOM of {@code coordinate}.
     *
     * @param release the release the build must be, when known
     * @param tarballChecksums the tarball's {@code sha256} and {@code sha512} when it was read, else empty
     * @throws NoSignedSpecException when no signed spec can be the build, saying why
     * @throws IOException when the cache cannot be read
     */
    public SlurmSbom sbom(SlurmCoordinate coordinate, Optional<ExactRelease> release,
            Map<String, String> tarballChecksums) throws IOException {
        SlurmSpackRelease signed = signedSpec(coordinate, release);
        String key = cache.locate(coordinate).key();
        return SlurmSbom.of(new SlurmBuild(signed, cache.url() + key, tarballChecksums));
    }

    /**
     * The SBOM of {@code coordinate} whose tarball, already verified, is {@code tarball}: its SHA-256 and SHA-512 are
     * read from the file.
     *
     * @see #sbom(SlurmCoordinate, Optional, Map)
     */
    public SlurmSbom sbom(SlurmCoordinate coordinate, Optional<ExactRelease> release, Path tarball)
            throws IOException {
        Checksums checksums = new Checksums(List.of("sha256", "sha512"));
        try (InputStream in = checksums.wrap(Files.newInputStream(tarball))) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return sbom(coordinate, release, checksums.hex());
    }

    /**
     * What changed from the build the lock at {@code lockFile} keeps the SBOM of ({@code entry}) to the build upstream
     * holds under the same key now (its SBOM made from the signed spec alone: the rebuilt tarball is not read).
     *
     * @throws NoSignedSpecException when upstream's build has no signed spec
     * @throws IOException when the lock keeps no SBOM of the entry or not the one it recorded, or the cache cannot be
     *     read
     */
    public SbomDiff diffFromLocked(Path lockFile, LockEntry entry) throws IOException {
        byte[] locked = LockedSbom.read(lockFile, entry);
        SlurmSpackRelease now = signedSpec(entry.coordinate(), Optional.empty());
        SlurmSbom upstream = sbom(entry.coordinate(), Optional.of(now.release()), Map.of());
        return SbomDiff.between("the locked build" + entry.exactRelease().map(r -> " (Slurm " + r + ")").orElse(""),
                locked, "upstream's build now (Slurm " + now.release() + ", signed " + now.signature().signatureTime()
                        + ")", upstream.json());
    }

    /**
     * The signed spec of {@code coordinate}: of {@code release} when given, else the newest of its series.
     *
     * @throws NoSignedSpecException when there is none, or more than one could be the build
     * @throws IOException when the mirror cannot be read or is malformed
     */
    public SlurmSpackRelease signedSpec(SlurmCoordinate coordinate, Optional<ExactRelease> release)
            throws IOException {
        String mirror = cache.url() + CacheLayout.spackMirror(coordinate.toolchain());
        List<SlurmSpackRelease> releases;
        try {
            releases = cache.spackMirrors().slurmReleases(coordinate.toolchain()).stream()
                    .filter(r -> r.series().equals(coordinate.series()) && r.arch() == coordinate.arch())
                    .toList();
        } catch (NotFoundException e) {
            throw new NoSignedSpecException("No signed Spack spec of " + coordinate + ": " + e.getMessage()
                    + ". Slurm Factory publishes the specs its SBOM is made from only in a toolchain's Spack mirror",
                    e);
        } catch (VerificationException e) {
            throw new NoSignedSpecException("No signed Spack spec of " + coordinate + ": a spec manifest of " + mirror
                    + " is refused: " + e.getMessage(), e);
        }
        if (releases.isEmpty()) {
            throw new NoSignedSpecException("No signed Spack spec of " + coordinate + ": " + mirror + " holds no "
                    + "Slurm " + coordinate.series() + " for " + coordinate.arch().id() + " (a build of an older "
                    + "layout generation, or a series the mirror no longer holds)");
        }
        List<SlurmSpackRelease> candidates = release
                .map(r -> releases.stream().filter(s -> s.release().sameRelease(r)).toList())
                .orElse(releases);
        if (candidates.isEmpty()) {
            throw new NoSignedSpecException("No signed Spack spec of " + coordinate + " as Slurm " + release.get()
                    + ": " + mirror + " holds " + releases.stream().map(r -> "Slurm " + r.release()).toList()
                    + " of that series and architecture now (upstream moved on)");
        }
        SlurmSpackRelease newest = candidates.get(0); // newest first, packaging revision included
        List<String> same = candidates.stream().filter(r -> r.release().compareTo(newest.release()) == 0)
                .map(r -> r.spec().hash()).toList();
        if (same.size() > 1) {
            throw new NoSignedSpecException("Refusing to choose the spec of " + coordinate + ": " + mirror + " signs "
                    + same.size() + " specs of Slurm " + newest.release() + " revision " + newest.release().revision()
                    + " for " + coordinate.arch().id() + " (hashes " + same + "), and either could be the build");
        }
        return newest;
    }
}
