package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.session.SharedSession.StreamedBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * Where an install gets its tarball from (Maven's repositories, for {@code slurm:install}); asked under the prefix's
 * lock, so concurrent installs fetch it once.
 */
public interface TarballSource {

    /** The tarball, if it is on disk already; nothing is fetched. */
    Optional<Path> local() throws IOException;

    /**
     * Drops the on-disk copy, so that {@link #fetch} gets the bytes anew: asked when that copy is not the build
     * {@code slurm.lock} names. A tarball given as a file stays (the one read refuses it against the lock).
     */
    default void dropLocal() throws IOException {}

    /** The tarball's {@code .asc}, fetched if need be; empty when there is none. */
    Optional<Path> signature() throws IOException;

    /**
     * Fetches the tarball. When its bytes stream through this process, they also go to {@code tee} as they arrive, and
     * {@code tee} completes only once all arrived and passed the fetcher's own checks (see
     * {@link ai.vantage.maven.slurm.io.TarballPipe}); otherwise {@code tee} is left alone.
     *
     * @param tee the unpack waiting for the bytes, or null when none waits
     * @return the file fetched
     */
    Path fetch(Flow.Subscriber<ByteBuffer> tee) throws IOException;

    /**
     * What the fetcher's own check found of the bytes it streamed into {@code tee}, when the signature of exactly
     * those bytes verified (asked once {@code tee} completed): the install then hashes them no second time. Empty by
     * default, and whenever the fetcher did not check them as they streamed.
     */
    default Optional<StreamedBytes> verifiedAsStreamed(Flow.Subscriber<ByteBuffer> tee) {
        return Optional.empty();
    }

    /** A tarball on disk, with its {@code .asc} if any. */
    static TarballSource file(Path tarball, Optional<Path> signature) {
        return new TarballSource() {
            @Override
            public Optional<Path> local() {
                return Optional.of(tarball);
            }

            @Override
            public Optional<Path> signature() {
                return signature;
            }

            @Override
            public Path fetch(Flow.Subscriber<ByteBuffer> tee) {
                return tarball;
            }
        };
    }
}
