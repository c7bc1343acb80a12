package ai.vantage.maven.slurm.cache;

import ai.vantage.maven.slurm.io.BackgroundObserver;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.io.TransferProgress;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A tarball being read from the cache, from {@link SlurmCache#openVerified}: read {@link #stream()} to its end, then
 * {@link #finish()} completes the signature check (hashing runs on a second core while the stream is read) and says
 * whether the bytes may be used. Progress lines go to the cache's log while it streams. Use once, from one thread.
 */
public final class VerifiedDownload implements AutoCloseable {

    private final SlurmCache cache;
    private final SlurmCoordinate coordinate;
    private final Location location;
    private final UpstreamClient.Download download;
    private final SignatureCheck check;
    private final SignatureOutcome unverified;
    private final Checksums checksums;
    private final BackgroundObserver background;
    private final InputStream stream;
    private Map<String, String> hex;

    /**
     * @param check the signature check to feed, or null when the build is used unverified
     * @param unverified the outcome of a build used unverified, or null
     * @param algorithms the checksums to compute, by extension
     */
    VerifiedDownload(SlurmCache cache, SlurmCoordinate coordinate, Location location, SignatureCheck check,
            SignatureOutcome unverified, UpstreamClient.Download download, List<String> algorithms) {
        this.cache = cache;
        this.coordinate = coordinate;
        this.location = location;
        this.download = download;
        this.check = check;
        this.unverified = unverified;
        this.checksums = new Checksums(algorithms);
        ObservedInputStream.Observer hashes = checksums::update;
        if (check != null) {
            hashes = hashes.andThen(check::update);
        }
        this.background = new BackgroundObserver(hashes, "slurm-hash " + coordinate);
        TransferProgress progress = new TransferProgress("Downloading", coordinate.toString(), download.length(),
                () -> download.url().toString(), cache.progressInterval(), System::nanoTime, cache.log());
        this.stream = new ObservedInputStream(new ObservedInputStream(download.stream(), background), progress);
    }

    /** The tarball's bytes, hashed as they are read. */
    public InputStream stream() {
        return stream;
    }

    /** The tarball's length, or {@code -1} when the server did not say. */
    public long length() {
        return download.length();
    }

    /** Where the bytes come from. */
    public URI url() {
        return download.url();
    }

    /** Where the build is in the cache. */
    public Location location() {
        return location;
    }

    /**
     * Completes the check once {@link #stream()} was read to its end.
     *
     * @return verified, or used unverified because {@code slurm.pgp.allowUnsigned} lists the build
     * @throws VerificationException when the bytes do not match the signature and the build is not allowed unsigned
     */
    public SignatureOutcome finish() throws VerificationException {
        background.finish();
        SignatureOutcome outcome = unverified;
        if (check != null) {
            try {
                outcome = cache.policy().apply(coordinate, check::finish);
            } catch (IOException e) {
                throw new IllegalStateException(e); // finishing a check reads nothing
            }
        }
        hex = Map.copyOf(checksums.hex());
        return outcome;
    }

    /** The checksums of the bytes read (those asked for when opened, by extension), once {@link #finish()}ed. */
    public Map<String, String> checksums() {
        if (hex == null) {
            throw new IllegalStateException("The download of " + coordinate + " is not finished");
        }
        return hex;
    }

    @Override
    public void close() throws IOException {
        background.close();
        download.close();
    }
}
