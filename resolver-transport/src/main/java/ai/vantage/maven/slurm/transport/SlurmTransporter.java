package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.io.BackgroundObserver;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.LayoutGeneration;
import ai.vantage.maven.slurm.layout.MavenPath;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.metadata.MetadataSynthesizer;
import ai.vantage.maven.slurm.metadata.PomSynthesizer;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import ai.vantage.maven.slurm.upstream.SeriesCatalog;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.aether.spi.connector.transport.AbstractTransporter;
import org.eclipse.aether.spi.connector.transport.GetTask;
import org.eclipse.aether.spi.connector.transport.PeekTask;
import org.eclipse.aether.spi.connector.transport.PutTask;
import org.eclipse.aether.spi.connector.transport.Transporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers Maven's requests for {@code ai/vantage/slurm/…} from the Slurm cache: tarballs and signatures from the
 * first layout generation that has them, a synthesized POM and {@code maven-metadata.xml}, and checksums of the
 * bytes actually served. A tarball is verified against its signature while it streams; one that fails never
 * reaches the local repository.
 */
final class SlurmTransporter extends AbstractTransporter {

    private static final Logger LOGGER = LoggerFactory.getLogger(SlurmTransporter.class);
    private static final int MAX_SIGNATURE_BYTES = 64 * 1024;

    private final SlurmRepository repository;

    SlurmTransporter(SlurmRepository repository) {
        this.repository = repository;
    }

    @Override
    public int classify(Throwable error) {
        return error instanceof NotFoundException ? Transporter.ERROR_NOT_FOUND : Transporter.ERROR_OTHER;
    }

    @Override
    protected void implPeek(PeekTask task) throws Exception {
        MavenPath path = parse(task.getLocation().toString());
        if (path.checksum().isPresent()) {
            checksum(task.getLocation().toString(), path);
        } else if (path.kind() == MavenPath.Kind.TARBALL) {
            locate(path.coordinate());
        }
    }

    @Override
    protected void implGet(GetTask task) throws Exception {
        String location = task.getLocation().toString();
        MavenPath path = parse(location);
        if (path.checksum().isPresent()) {
            serve(task, location, checksum(location, path).getBytes(StandardCharsets.US_ASCII), false);
            return;
        }
        switch (path.kind()) {
            case METADATA:
                serve(task, location, MetadataSynthesizer.metadata(series(), Instant.now()), true);
                break;
            case POM:
                serve(task, location, PomSynthesizer.pom(path.series(), repository.cacheUrl()), true);
                break;
            default:
                if (path.isSignature()) {
                    serve(task, location, signature(path.coordinate()), true);
                } else {
                    tarball(task, location, path.coordinate());
                }
        }
    }

    @Override
    protected void implPut(PutTask task) throws Exception {
        throw new IOException("The Slurm cache " + repository.cacheUrl() + " is read-only: deploy to a repository "
                + "manager instead");
    }

    @Override
    protected void implClose() {
        // the session's SlurmRepository outlives this transporter
    }

    private static MavenPath parse(String location) throws NotFoundException {
        return MavenPath.parse(location).orElseThrow(() -> new NotFoundException(
                location + " is not an ai.vantage:slurm file: a Slurm cache holds nothing else"));
    }

    private String checksum(String location, MavenPath path) throws NotFoundException {
        String of = location.substring(0, location.length() - path.checksum().get().length() - 1);
        return repository.checksum(of, path.checksum().get()).orElseThrow(() -> new NotFoundException(
                "No " + path.checksum().get() + " of " + of + ": the cache publishes none, and it was not served"
                        + " in this build"));
    }

    private void serve(GetTask task, String location, byte[] bytes, boolean record) throws Exception {
        if (record) {
            repository.received(location, Checksums.of(bytes));
        }
        utilGet(task, new ByteArrayInputStream(bytes), true, bytes.length, false);
    }

    private List<String> series() {
        if (repository.listing()) {
            try {
                List<String> found = new SeriesCatalog(repository.client()).series();
                if (!found.isEmpty()) {
                    return found;
                }
            } catch (IOException e) {
                LOGGER.debug("No listing from {} ({}); using the known series {}", repository.cacheUrl(),
                        e.getMessage(), SlurmSeries.KNOWN);
            }
        }
        return SlurmSeries.KNOWN;
    }

    /** Where {@code coordinate} is: the first generation whose tarball key exists. */
    private Located locate(SlurmCoordinate coordinate) throws IOException {
        List<String> tried = new ArrayList<>();
        for (LayoutGeneration generation : repository.probeOrder(coordinate)) {
            String key = generation.tarballKey(coordinate).orElseThrow();
            tried.add(repository.client().urlOf(key));
            Optional<byte[]> asc = repository.client().fetch(key + CacheLayout.SIGNATURE_SUFFIX, MAX_SIGNATURE_BYTES);
            if (asc.isPresent()) {
                repository.answered(coordinate, generation);
                repository.signature(coordinate, asc.get());
                return new Located(generation, key, asc.get());
            }
            if (repository.client().length(key).isPresent()) {
                repository.answered(coordinate, generation);
                return new Located(generation, key, null);
            }
        }
        String message = coordinate + " is not in the Slurm cache " + repository.cacheUrl() + "; tried " + tried
                + ". Series: " + String.join(", ", series()) + "; toolchains: " + Toolchain.ids()
                + " (arm64 builds only in the current layout)";
        LOGGER.warn(message);
        throw new NotFoundException(message);
    }

    private byte[] signature(SlurmCoordinate coordinate) throws IOException {
        Optional<byte[]> known = repository.signature(coordinate);
        if (known.isPresent()) {
            return known.get();
        }
        Located located = locate(coordinate);
        if (located.asc == null) {
            throw new NotFoundException(coordinate + " has no signature " + signatureLookedFor(located.key));
        }
        return located.asc;
    }

    /**
     * Where the signature of the tarball at {@code key} was looked for, and the usual reason a repository manager in
     * between hides it.
     */
    private String signatureLookedFor(String key) {
        return repository.client().urlOf(key + CacheLayout.SIGNATURE_SUFFIX) + ", not found; behind a repository "
                + "manager, turn off strict content type validation of its proxy repository: a Nexus raw proxy "
                + "answers 404 for every .asc with it on";
    }

    private void tarball(GetTask task, String location, SlurmCoordinate coordinate) throws Exception {
        Located located = locate(coordinate);
        String name = coordinate.toString();
        SignatureCheck check = null;
        try {
            if (located.asc == null) {
                throw VerificationException.noSignature(name, signatureLookedFor(located.key));
            }
            check = repository.verifier().begin(name, new ByteArrayInputStream(located.asc));
        } catch (VerificationException e) {
            refuseUnlessAllowed(coordinate, e);
        }
        Checksums checksums = new Checksums(repository.checksumExtensions());
        // Every hash of ours runs on a second core: the download thread is busy with Maven's own checksums.
        ObservedInputStream.Observer hashes = checksums::update;
        if (check != null) {
            hashes = hashes.andThen(check::update);
        }
        try (BackgroundObserver background = new BackgroundObserver(hashes, "slurm-hash " + name);
                UpstreamClient.Download download = repository.client().open(located.key)) {
            LOGGER.debug("{} from {} ({} layout)", name, download.url(), located.generation.name());
            utilGet(task, new ObservedInputStream(download.stream(), background), true, download.length(), false);
            background.finish();
        }
        if (check != null) {
            try {
                VerificationResult result = check.finish();
                repository.verifiedDownloads().add(coordinate);
                LOGGER.info("Verified {}: signed by {}{} on {}", name, result.primaryFingerprint(),
                        result.bySubkey() ? " (subkey " + result.signerFingerprint() + ")" : "",
                        result.signatureTime());
            } catch (VerificationException e) {
                refuseUnlessAllowed(coordinate, e);
            }
        }
        repository.received(location, checksums.hex());
    }

    private void refuseUnlessAllowed(SlurmCoordinate coordinate, VerificationException e)
            throws SignatureRefusedException {
        if (!repository.allowUnsigned().allows(coordinate)) {
            throw new SignatureRefusedException(e);
        }
        LOGGER.warn(repository.allowUnsigned().warning(coordinate, e));
    }

    /** A tarball's place: its generation, key and signature bytes (null when it has none). */
    private record Located(LayoutGeneration generation, String key, byte[] asc) {}

    /** A signature refusal, as a transfer failure that is not "not found". */
    static final class SignatureRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        SignatureRefusedException(VerificationException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
