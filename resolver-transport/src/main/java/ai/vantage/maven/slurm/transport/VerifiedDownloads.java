package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;

/**
 * The tarballs the slurm transport downloaded and verified in this session, so the post-processor does not read
 * them a second time. A tarball from an earlier build is not here, and is checked again.
 */
final class VerifiedDownloads {

    private final Set<String> builds = ConcurrentHashMap.newKeySet();

    static VerifiedDownloads of(RepositorySystemSession session) {
        Object key = VerifiedDownloads.class.getName();
        while (true) {
            Object existing = session.getData().get(key);
            if (existing instanceof VerifiedDownloads) {
                return (VerifiedDownloads) existing;
            }
            session.getData().set(key, null, new VerifiedDownloads());
        }
    }

    void add(SlurmCoordinate coordinate) {
        builds.add(coordinate.shortForm());
    }

    boolean contains(Artifact artifact) {
        return builds.contains(artifact.getVersion() + ":" + artifact.getClassifier());
    }
}
