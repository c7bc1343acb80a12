package ai.vantage.maven.slurm.cache;

import ai.vantage.maven.slurm.io.BackgroundObserver;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.io.TransferProgress;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ModuleFileScanner;
import ai.vantage.maven.slurm.release.ReleaseShown;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A tarball being read from the cache, from {@link SlurmCache#openVerified}: read {@link #stream()} to its end, then
 * {@link #finish()} completes the signature check (hashing runs on a second core while the stream is read, and the
 * module file's release, when asked for, is read on a third); whether the bytes may be used is {@link
 * ai.vantage.maven.slurm.accept.TarballAcceptance}'s answer, with {@code finish} as its signature step. Progress lines
 * go to the cache's log while it streams. Use once, from one thread.
 */
public final class VerifiedDownload implements AutoCloseable {

    private final SlurmCoordinate coordinate;
    private final Location location;
    private final UpstreamClient.Download download;
    private final SignatureCheck check;
    private final VerificationException refusal;
    private final Checksums checksums;
    private final BackgroundObserver background;
    private final ModuleFileScanner scanner;
    private final BackgroundObserver scan;
    private final InputStream stream;
    private Map<String, String> hex;

    /**
     * @param check the signature check to feed, or null when the signature is missing or refused
     * @param refusal why there is no check, or null
     * @param algorithms the checksums to compute, by extension
     * @param readRelease whether to read the module file's release in the same pass ({@link #release()})
     */
    VerifiedDownload(SlurmCache cache, SlurmCoordinate coordinate, Location location, SignatureCheck check,
            VerificationException refusal, UpstreamClient.Download download, List<String> algorithms,
            boolean readRelease) {
        this.coordinate = coordinate;
        this.location = location;
        this.download = download;
        this.check = check;
        this.refusal = refusal;
        this.checksums = new Checksums(algorithms);
        ObservedInputStream.Observer hashes = checksums::update;
        if (check != null) {
            hashes = hashes.andThen(check::update);
        }
        this.background = new BackgroundObserver(hashes, "slurm-hash " + coordinate);
        // inflating to the module file is slower than hashing: on a core of its own, beside the hashes
        this.scanner = readRelease ? new ModuleFileScanner() : null;
        this.scan = scanner == null ? null : new BackgroundObserver(scanner, "slurm-module " + coordinate);
        TransferProgress progress = new TransferProgress("Downloading", coordinate.toString(), download.length(),
                () -> download.url().toString(), cache.progressInterval(), System::nanoTime, cache.log());
        ObservedInputStream.Observer observers = scan == null ? background : background.andThen(scan);
        this.stream = new ObservedInputStream(new ObservedInputStream(download.stream(), observers), progress);
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
     * Completes the check once {@link #stream()} was read to its end; the checksums are known either way.
     *
     * @return the verified signature of the bytes read
     * @throws VerificationException when the bytes do not match the signature, or the signature was missing or
     *     refused before the first byte (a build allowed unsigned is read all the same)
     */
    public VerificationResult finish() throws VerificationException {
        background.finish();
        if (scan != null) {
            scan.finish();
        }
        hex = Map.copyOf(checksums.hex());
        if (check == null) {
            throw refusal;
        }
        return check.finish();
    }

    /** The checksums of the bytes read (those asked for when opened, by extension), once {@link #finish()}ed. */
    public Map<String, String> checksums() {
        if (hex == null) {
            throw new IllegalStateException("The download of " + coordinate + " is not finished");
        }
        return hex;
    }

    /**
     * The release the tarball's module file shows, read in the same pass as the hashes, once {@link #finish()}ed.
     *
     * @throws IllegalStateException when it was not asked for when opened, or the download is not finished
     */
    public ReleaseShown release() {
        if (scanner == null || hex == null) {
            throw new IllegalStateException("The release of " + coordinate + " was not read, or is not read yet");
        }
        return scanner.shown();
    }

    @Override
    public void close() throws IOException {
        background.close();
        if (scan != null) {
            scan.close();
        }
        download.close();
    }
}
