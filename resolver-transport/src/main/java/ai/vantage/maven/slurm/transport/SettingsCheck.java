package ai.vantage.maven.slurm.transport;

import javax.inject.Named;
import javax.inject.Singleton;
import org.apache.maven.AbstractMavenLifecycleParticipant;
import org.apache.maven.MavenExecutionException;
import org.apache.maven.execution.MavenSession;

/**
 * Reads and checks the build's slurm settings when the session starts, so an invalid value fails the build at once
 * with its own message (key, value, what is valid) instead of as an opaque "cannot access the repository" later.
 */
@Singleton
@Named("slurm-settings")
public final class SettingsCheck extends AbstractMavenLifecycleParticipant {

    @Override
    public void afterSessionStart(MavenSession session) throws MavenExecutionException {
        try {
            SlurmSession.of(session.getRepositorySession());
        } catch (IllegalArgumentException e) {
            throw new MavenExecutionException(e.getMessage(), e);
        }
    }
}
