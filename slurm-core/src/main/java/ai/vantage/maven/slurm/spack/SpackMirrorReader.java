package ai.vantage.maven.slurm.spack;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.ClearsignedText;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a Spack v1.0 build cache (layout v3) on the cache: the index manifest ({@code v3/manifests/index/
 * index.manifest.json}) names the index blob, Spack's database JSON, which lists the specs; each spec of the package
 * asked for is then confirmed by its clearsigned spec manifest ({@code v3/manifests/spec/<name>/<name>-<version>-
 * <hash>.spec.manifest.json}) verified with the pinned keys, and the spec blob that manifest names. Spack does not
 * sign the index, so nothing is taken from it that a signed spec does not confirm.
 */
public final class SpackMirrorReader {

    /** Slurm Factory's Slurm package. */
    public static final String SLURM_PACKAGE = "slurm";

    /** Slurm Factory's Spack package namespace. */
    public static final String SLURM_NAMESPACE = "slurm_factory";

    static final String INDEX_MANIFEST = "v3/manifests/index/index.manifest.json";
    static final String DATABASE_MEDIA_TYPE = "application/vnd.spack.db.";
    static final String SPEC_MEDIA_TYPE = "application/vnd.spack.spec.";
    private static final int MAX_MANIFEST_BYTES = 1 << 20;
    private static final int MAX_BLOB_BYTES = 64 << 20;

    private final UpstreamClient client;
    private final SignatureVerifier verifier;

    public SpackMirrorReader(UpstreamClient client, SignatureVerifier verifier) {
        this.client = Objects.requireNonNull(client, "client");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * The Slurm releases {@code toolchain}'s mirror ({@code {toolchain}/spack/}) holds, one per signed
     * {@code slurm_factory.slurm} spec, newest first.
     *
     * @throws NotFoundException when there is no mirror (its index manifest is missing)
     * @throws IOException when one of the mirror's files is missing or malformed, a blob does not match its
     *     checksum, or a signed spec contradicts the index
     * @throws VerificationException when a spec manifest is unsigned or its signature is refused
     */
    public List<SlurmSpackRelease> slurmReleases(Toolchain toolchain) throws IOException, VerificationException {
        List<SlurmSpackRelease> releases = new ArrayList<>();
        for (SignedSpec signed : signedSpecs(CacheLayout.spackMirror(toolchain), SLURM_PACKAGE, SLURM_NAMESPACE)) {
            SpackSpec spec = signed.spec();
            ExactRelease release;
            try {
                release = ExactRelease.ofSpack(spec.version());
            } catch (IllegalArgumentException e) {
                throw new IOException(toolchain + "'s Spack mirror: " + e.getMessage(), e);
            }
            Arch arch = spec.arch().orElseThrow(() -> new IOException(toolchain + "'s Spack mirror: " + spec
                    + " has target " + spec.target() + ", of no architecture the cache publishes (" + Arch.ids() + ")"));
            releases.add(new SlurmSpackRelease(toolchain, arch, release, signed));
        }
        releases.sort((a, b) -> b.release().compareTo(a.release()));
        return releases;
    }

    /**
     * The newest release {@code coordinate}'s toolchain mirror holds for its series and architecture, or empty when
     * the mirror has none of that series (it may hold only the newest series): the "held" side of
     * {@link ai.vantage.maven.slurm.release.ReleasePin#resolve}.
     *
     * @throws IOException see {@link #slurmReleases}
     * @throws VerificationException see {@link #slurmReleases}
     */
    public Optional<ExactRelease> heldRelease(SlurmCoordinate coordinate) throws IOException, VerificationException {
        return slurmReleases(coordinate.toolchain()).stream()
                .filter(r -> r.series().equals(coordinate.series()) && r.arch() == coordinate.arch())
                .map(SlurmSpackRelease::release)
                .findFirst();
    }

    /**
     * The specs of package {@code name} in {@code namespace} that the mirror under {@code mirror} (a key prefix
     * ending with {@code /}, or empty for the cache root) lists, each confirmed by its signed spec manifest.
     *
     * @throws IOException see {@link #slurmReleases}
     * @throws VerificationException see {@link #slurmReleases}
     */
    public List<SignedSpec> signedSpecs(String mirror, String name, String namespace)
            throws IOException, VerificationException {
        SpackDatabase index = index(mirror);
        List<SignedSpec> signed = new ArrayList<>();
        for (SpackSpec listed : index.specs(name, namespace)) {
            signed.add(confirm(mirror, listed));
        }
        return signed;
    }

    /**
     * The mirror's index, its blob checked against the (unsigned) index manifest.
     *
     * @throws NotFoundException when there is no index manifest: no mirror
     */
    SpackDatabase index(String mirror) throws IOException {
        String manifestKey = mirror + INDEX_MANIFEST;
        byte[] manifestBytes = client.fetch(manifestKey, MAX_MANIFEST_BYTES).orElseThrow(() -> new NotFoundException(
                "The cache has no Spack mirror at " + client.urlOf(mirror) + " (" + client.urlOf(manifestKey)
                        + " is missing)"));
        SpackManifest manifest = SpackManifest.parse(client.urlOf(manifestKey), manifestBytes);
        SpackManifest.Blob blob = manifest.blob(client.urlOf(manifestKey), DATABASE_MEDIA_TYPE);
        String what = "the index blob of " + client.urlOf(mirror);
        byte[] database = blob.open(what, require(mirror + blob.key(), MAX_BLOB_BYTES, what));
        return SpackDatabase.parse(what, database);
    }

    private SignedSpec confirm(String mirror, SpackSpec listed) throws IOException, VerificationException {
        String manifestKey = mirror + "v3/manifests/spec/" + listed.name() + "/" + listed.name() + "-"
                + listed.version() + "-" + listed.hash() + ".spec.manifest.json";
        String manifestUrl = client.urlOf(manifestKey);
        byte[] clearsigned = require(manifestKey, MAX_MANIFEST_BYTES, "the signed spec manifest of " + listed
                + ", which the index lists");
        ClearsignedText text = verifier.verifyClearsigned(manifestUrl, new ByteArrayInputStream(clearsigned));
        SpackManifest manifest = SpackManifest.parse(manifestUrl, text.text().getBytes(StandardCharsets.UTF_8));
        SpackManifest.Blob blob = manifest.blob(manifestUrl, SPEC_MEDIA_TYPE);
        String what = "the spec blob of " + listed;
        byte[] specFile = blob.open(what, require(mirror + blob.key(), MAX_BLOB_BYTES, what));
        SpackDag dag = SpackDag.parse(what, specFile, listed.hash());
        SpackSpec signed = dag.root().spec();
        if (!signed.name().equals(listed.name()) || !signed.version().equals(listed.version())
                || !signed.namespace().equals(listed.namespace())) {
            throw new IOException("Refusing " + client.urlOf(mirror) + ": its index lists " + listed.namespace() + "."
                    + listed + ", but the signed spec with that hash is " + signed.namespace() + "." + signed);
        }
        return new SignedSpec(signed, text.signature(), dag, blob.checksum());
    }

    private byte[] require(String key, int maxBytes, String what) throws IOException {
        return client.fetch(key, maxBytes).orElseThrow(() -> new IOException(
                "The cache has no " + what + " (" + client.urlOf(key) + " is missing)"));
    }
}
