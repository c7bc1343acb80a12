package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.accept.TarballAcceptance;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseShown;
import ai.vantage.maven.slurm.release.ReleaseMovedException;
import ai.vantage.maven.slurm.release.SlurmVersion;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the bridge server and the offline mirror read from the Slurm cache: the series it holds, the POM of a version,
 * the build an exact release maps to, a build's signature, and a build's tarball verified as it streams. Everything
 * the server answers comes from here; where a build is and how it is verified is not the server's business.
 */
public interface BridgeSource {

    /**
     * The series the cache holds, oldest first (its listing, else the built-in table).
     *
     * @throws IOException when the cache cannot be reached
     */
    List<String> series() throws IOException;

    /** The POM of {@code ai.vantage:slurm:<version>}, a series or an exact release; the same bytes each time. */
    byte[] pom(SlurmVersion version);

    /**
     * The series build an exact version of {@code classifier} asks for ({@code 25.11.6} of {@code noble}:
     * {@code 25.11:noble}), while the cache's signed Spack mirror says the series' key holds that release, or knows
     * nothing of the series (then the check of the tree at install decides). The mirror's answer is kept until
     * {@link #forgetRelease}.
     *
     * @throws ReleaseMovedException when the key holds another release now
     * @throws VerificationException when a spec manifest of the mirror is unsigned or its signature is refused
     * @throws IOException when the mirror cannot be read, is malformed or contradicts itself
     */
    SlurmCoordinate pin(ExactRelease requested, String classifier)
            throws IOException, VerificationException, ReleaseMovedException;

    /**
     * The CycloneDX SBOM of {@code coordinate} from the signed spec of {@code release} (the pinned release of an
     * exact version), else of the newest release the mirror signs for the build's series.
     *
     * @throws ai.vantage.maven.slurm.sbom.NoSignedSpecException when there is no signed spec, saying why
     * @throws IOException when the mirror cannot be read
     */
    byte[] sbom(SlurmCoordinate coordinate, Optional<ExactRelease> release) throws IOException;

    /** Drops the kept answer of which release {@code coordinate}'s key holds: the next {@link #pin} reads anew. */
    void forgetRelease(SlurmCoordinate coordinate);

    /**
     * The detached signature ({@code .asc}) of {@code coordinate}, unchanged; empty when the cache has no such build.
     *
     * @throws IOException when the cache cannot be reached
     */
    Optional<byte[]> signature(SlurmCoordinate coordinate) throws IOException;

    /**
     * Opens the tarball of {@code coordinate}; its bytes are checked against its signature as they are read.
     *
     * @throws ai.vantage.maven.slurm.upstream.NotFoundException when the cache has no such build
     * @throws VerificationException when the signature is refused before any byte flows
     * @throws IOException when the cache cannot be reached
     */
    VerifiedTarball open(SlurmCoordinate coordinate) throws IOException, VerificationException;

    /**
     * The acceptance rule under this source's trust ({@code slurm.pgp.*}, {@code slurm.allowDowngrade}), remembering
     * the newest signature time served per coordinate in {@code signatureTimes}.
     *
     * @param log told of every downgrade accepted
     */
    TarballAcceptance acceptance(Path signatureTimes, BridgeLog log);

    /**
     * Begins the check of a stored {@code .asc} of {@code coordinate} under today's trust, before any byte of the
     * tarball is read: feed the tarball to it.
     *
     * @throws VerificationException when today's trust refuses the signature (key no longer pinned, revoked, expired)
     */
    SignatureCheck signatureCheck(SlurmCoordinate coordinate, byte[] signature)
            throws VerificationException, IOException;

    /**
     * The settings today's trust of {@code coordinate} rests on (the pinned fingerprints, whether it is allowed
     * unsigned), as one line recorded with each stored build: a stored build whose line differs is verified again.
     */
    String trustSettings(SlurmCoordinate coordinate);

    /** A tarball being read: read {@link #stream()} to its end, then {@link #finish()}. */
    interface VerifiedTarball extends Closeable {

        /** The signature the bytes are checked against. */
        byte[] signature();

        /** The tarball's length, or -1 when the cache did not say. */
        long length();

        /** The tarball's bytes. */
        InputStream stream();

        /**
         * Ends the check, after the last byte was read: the step 1 of {@link #acceptance}.
         *
         * @return the verified signature
         * @throws VerificationException when the bytes do not match the signature, or it was missing or refused
         *     before the first byte (a build allowed unsigned is read all the same)
         */
        VerificationResult finish() throws VerificationException;

        /** The checksums of the bytes read ({@link TarballStore#CHECKSUMS}, by extension), once finished. */
        Map<String, String> checksums();

        /** The release the tarball's module file shows, read in the same pass as the checksums, once finished. */
        ReleaseShown release();
    }
}
