package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.upstream.SlurmScheme;
import javax.inject.Named;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.spi.connector.transport.Transporter;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.transfer.NoTransporterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transports for repositories whose URL is {@code slurm+https://…}, {@code slurm+http://…} or {@code slurm+file:…}:
 * the Slurm Factory cache (or a copy of it) read as a Maven repository of {@code ai.vantage:slurm}. Every other
 * repository is left to Maven's own transports.
 */
@Named(SlurmTransporterFactory.NAME)
public final class SlurmTransporterFactory implements TransporterFactory {

    /** The name of this transport. */
    public static final String NAME = "slurm";

    private static final Logger LOGGER = LoggerFactory.getLogger(SlurmTransporter.class);

    @Override
    public float getPriority() {
        return 10.0f;
    }

    @Override
    public Transporter newInstance(RepositorySystemSession session, RemoteRepository repository)
            throws NoTransporterException {
        if (!SlurmScheme.owns(repository.getProtocol())) {
            throw new NoTransporterException(repository);
        }
        try {
            SlurmSession state = SlurmSession.of(session);
            return new SlurmTransporter(state.cache(session, repository, LOGGER), state, state.lock(session),
                    SlurmSession.shared(session));
        } catch (IllegalArgumentException e) {
            throw new NoTransporterException(repository, e.getMessage(), e);
        }
    }
}
