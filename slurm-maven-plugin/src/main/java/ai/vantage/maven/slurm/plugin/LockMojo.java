package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.TarballRead;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.lock.TrustedChecksumsFile;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.sbom.LockedSbom;
import ai.vantage.maven.slurm.sbom.NoSignedSpecException;
import ai.vantage.maven.slurm.sbom.SlurmSbom;
import ai.vantage.maven.slurm.sbom.SlurmSbomSource;
import ai.vantage.maven.slurm.session.SharedSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystemSession;

/**
 * Writes {@code slurm.lock} at the top-level project directory: for every {@code ai.vantage:slurm} artifact the
 * project uses (its dependencies, the entries of its own dependency management — not every classifier an imported
 * BOM manages — and the build the plugin is configured for when a toolchain is given), fetched and verified anew,
 * its SHA-256, size, signer, signature time and exact release. Entries of other artifacts already in the lock are
 * kept. Accepting a rebuild upstream is this goal, explicitly: its fetches are not held to the lock being replaced,
 * nor to resolver's trusted checksums. When the build enables resolver's summary-file source of trusted checksums,
 * the lock's lines are written there too ({@link TrustedChecksumsFile}).
 */
@Mojo(name = "lock", threadSafe = true)
public final class LockMojo extends AbstractBuildMojo {

    /** Always: a lock records bytes fetched and verified now, never the local repository's copy. */
    @Override
    boolean refresh() {
        return true;
    }

    /** The build's session, except that neither the old lock nor resolver's trusted checksums refuse the new bytes. */
    @Override
    RepositorySystemSession resolutionSession() {
        DefaultRepositorySystemSession relocking = new DefaultRepositorySystemSession(session.getRepositorySession());
        SharedSession.markRelocking(relocking::setConfigProperty);
        relocking.setConfigProperty(TrustedChecksumsFile.CONFIG_PROP_POST_PROCESSOR, Boolean.FALSE);
        return relocking;
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        Set<SlurmCoordinate> used = used();
        if (used.isEmpty()) {
            throw new MojoExecutionException("Nothing to lock: the project uses no ai.vantage:slurm artifact with a "
                    + "classifier (a dependency or managed dependency), and no -Dslurm.toolchain names a build");
        }
        List<LockEntry> locked = new ArrayList<>();
        Set<String> origins = new TreeSet<>();
        for (SlurmCoordinate coordinate : used) {
            Path tarball = tarballs().resolve(coordinate);
            tarballs().origin(coordinate).ifPresent(origins::add);
            TarballRead read;
            try {
                read = reader().verify(coordinate, tarball, tarballs().signature(coordinate));
            } catch (VerificationException e) {
                throw new MojoFailureException(e.getMessage(), e);
            } catch (IOException e) {
                throw new MojoFailureException("Cannot lock " + coordinate + ": " + e.getMessage(), e);
            }
            if (read.signerFingerprint() == null) {
                throw new MojoFailureException("Cannot lock " + coordinate + ": it is unsigned (allowed by "
                        + "slurm.pgp.allowUnsigned), and a lock records who signed the bytes");
            }
            LockEntry entry = keepSbom(new LockEntry(coordinate, read.sha256(), read.size(),
                    read.signerFingerprint(), read.signatureTime(), read.release()), tarball);
            getLog().info("Locked " + coordinate + ": sha256 " + entry.sha256() + ", " + entry.size() + " bytes"
                    + entry.exactRelease().map(r -> ", Slurm " + r).orElse(""));
            locked.add(entry);
        }
        Path file = lockPath();
        LockFile lock;
        try { // read again under the file's lock: entries another build wrote meanwhile are kept
            lock = LockFile.update(file, current -> {
                LockFile changed = current;
                for (LockEntry entry : locked) {
                    changed = changed.with(entry);
                }
                return changed;
            });
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        getLog().info("Wrote " + file + " (" + lock.entries().size() + " artifact(s)); commit it");
        writeTrustedChecksums(lock, origins);
    }

    /**
     * Keeps the SBOM of the build in {@code slurm.lock.d/} and records its sha256 in {@code entry}, when the build
     * has a signed Spack spec ({@code slurm:diff} compares upstream's rebuilds with it); else says why and keeps none.
     */
    private LockEntry keepSbom(LockEntry entry, Path tarball) throws MojoExecutionException, MojoFailureException {
        SlurmCoordinate coordinate = entry.coordinate();
        Optional<SlurmSbomSource> source = sbomSource();
        if (source.isEmpty()) {
            getLog().info("Keeping no SBOM of " + coordinate + ": the project has no slurm+ repository to read the "
                    + "signed Spack spec from (-Dslurm.upstream=https://… names the cache)");
            return entry;
        }
        try {
            SlurmSbom sbom = source.get().sbom(coordinate, entry.exactRelease(), tarball);
            Path file = LockedSbom.file(lockPath(), coordinate);
            sbom.write(file);
            getLog().info("Kept the SBOM of " + coordinate + " in " + file + ": " + sbom.summary());
            return entry.withSbom(sbom.sha256());
        } catch (NoSignedSpecException e) {
            getLog().info("Keeping no SBOM of " + coordinate + ": " + e.getMessage());
            return entry;
        } catch (IOException e) {
            throw new MojoFailureException("Cannot make the SBOM of " + coordinate + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the lock's lines into the summary file of resolver's trusted checksums when the build enables that source:
     * one file, or with an origin-aware source one per repository the locked builds came from.
     */
    private void writeTrustedChecksums(LockFile lock, Set<String> origins) throws MojoExecutionException {
        RepositorySystemSession repositorySession = session.getRepositorySession();
        Map<String, Object> config = repositorySession.getConfigProperties();
        Optional<TrustedChecksumsFile.Source> source = TrustedChecksumsFile.Source.of(config,
                repositorySession.getLocalRepository().getBasedir().toPath());
        if (source.isEmpty()) {
            return;
        }
        List<Path> written;
        try {
            written = source.get().write(origins, lock);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write resolver's trusted checksums into "
                    + source.get().basedir() + ": " + e.getMessage(), e);
        }
        for (Path file : written) {
            getLog().info("Wrote the lock's SHA-256 lines into " + file + " (Maven Resolver's trusted checksums)");
        }
        if (written.isEmpty()) {
            getLog().warn("Wrote no trusted checksums: the source is origin-aware and the local repository does not "
                    + "say which repository the builds came from; set -D"
                    + TrustedChecksumsFile.CONFIG_PROP_ORIGIN_AWARE + "=false");
        }
        if (!TrustedChecksumsFile.checksSha256(config)) {
            getLog().warn("Maven Resolver does not check those lines: set -D"
                    + TrustedChecksumsFile.CONFIG_PROP_POST_PROCESSOR + "=true and -D"
                    + TrustedChecksumsFile.CONFIG_PROP_ALGORITHMS + "=SHA-256 (docs/versions.md)");
        }
    }

    /** The {@code ai.vantage:slurm} builds the project uses, and the one configured when a toolchain is given. */
    private Set<SlurmCoordinate> used() throws MojoExecutionException {
        Set<SlurmCoordinate> used = builds.usedBy(project);
        if (toolchain != null) {
            used.add(coordinate());
        }
        return used;
    }
}
