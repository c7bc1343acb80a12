package ai.vantage.maven.slurm.it.nexus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a {@link NexusServer} parameter (e.g. of a {@code @BeforeAll} method) the one Nexus of the test run: started
 * on first use from a fresh copy (in {@code it.nexus.run}) of the distribution the build unpacked
 * ({@code it.nexus.home}), stopped when the run ends. Every class that uses it shares that instance, so each makes
 * repositories of its own names.
 */
public final class NexusExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NexusExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NexusServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store is closed at the end of the run, and closes the server with it.
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(NexusServer.class, type -> {
            String home = System.getProperty("it.nexus.home");
            String run = System.getProperty("it.nexus.run");
            if (home == null || run == null) {
                throw new IllegalStateException("System properties it.nexus.home and it.nexus.run are not set: run "
                        + "the ITs through ./mvnw verify, which unpacks Nexus");
            }
            try {
                return NexusServer.start(Path.of(home), Path.of(run));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting Nexus", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, NexusServer.class);
    }
}
