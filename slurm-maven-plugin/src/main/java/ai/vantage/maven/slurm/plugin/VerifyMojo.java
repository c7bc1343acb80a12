package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.accept.WrongReleaseException;
import ai.vantage.maven.slurm.install.UnsafeArchiveException;
import ai.vantage.maven.slurm.install.WrongBuildException;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockMismatchException;
import ai.vantage.maven.slurm.pgp.VerificationException;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Checks a Slurm build without installing anything: resolves it and its {@code .asc}, and in one read checks the
 * signature, that it is not older than one accepted before, and that its tree is the build asked for; with a
 * {@code slurm.lock}, that its bytes are the locked ones.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class VerifyMojo extends AbstractRefreshableMojo {

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        SlurmCoordinate coordinate = coordinate();
        Path tarball = tarballs().resolve(coordinate);
        try {
            reader().verify(coordinate, tarball, tarballs().signature(coordinate), lock());
        } catch (VerificationException | UnsafeArchiveException | WrongBuildException | WrongReleaseException
                | LockMismatchException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + tarball + ": " + e.getMessage(), e);
        }
    }
}
