package ai.vantage.maven.slurm.release;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact releases a cache's series keys hold now, as a signed source says (the toolchain's Spack mirror), each
 * read once until {@link #forget forgotten}; and the pin of an exact Maven version onto its series' key
 * ({@link ReleasePin}). One per cache. Thread-safe.
 */
public final class HeldReleases {

    /** Reads the release a series key holds now. */
    @FunctionalInterface
    public interface Source {

        /**
         * The release the key of {@code series} holds, or empty when the source knows nothing of that series.
         *
         * @throws IOException when the source cannot be read, is malformed or contradicts itself
         * @throws VerificationException when the source's signature is missing or refused
         */
        Optional<ExactRelease> read(SlurmCoordinate series) throws IOException, VerificationException;
    }

    private final Source source;
    private final Map<SlurmCoordinate, Optional<ExactRelease>> held = new ConcurrentHashMap<>();

    public HeldReleases(Source source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The release the key of {@code series} holds now, read once until {@link #forget}.
     *
     * @throws IOException see {@link Source#read}
     * @throws VerificationException see {@link Source#read}
     */
    public Optional<ExactRelease> held(SlurmCoordinate series) throws IOException, VerificationException {
        Optional<ExactRelease> known = held.get(series);
        if (known == null) {
            known = source.read(series);
            held.put(series, known);
        }
        return known;
    }

    /**
     * Forgets what {@link #held} read for {@code series}, so that the next call reads the source again: for a
     * long-running bridge server, whose answers must age (a Maven session keeps its answer).
     */
    public void forget(SlurmCoordinate series) {
        held.remove(series);
    }

    /**
     * The series build an exact version asks for ({@code 25.11.6} of {@code noble}: {@code 25.11:noble}), when the
     * key holds that release; when the source knows nothing of that series, the series build all the same, and the
     * check of the unpacked tree at install decides.
     *
     * @throws ReleaseMovedException when the series' key holds another release
     * @throws IOException see {@link Source#read}
     * @throws VerificationException see {@link Source#read}
     */
    public SlurmCoordinate pin(ExactRelease requested, String classifier)
            throws IOException, VerificationException, ReleaseMovedException {
        SlurmCoordinate series = SlurmCoordinate.of(requested.series(), classifier);
        Optional<ExactRelease> now = held(series);
        return now.isPresent() ? ReleasePin.resolve(requested, classifier, now.get()) : series;
    }
}
