package ai.vantage.maven.slurm.transport;

import java.io.File;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;
import org.apache.maven.AbstractMavenLifecycleParticipant;
import org.apache.maven.MavenExecutionException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.rtinfo.RuntimeInformation;

/**
 * The extension's one lifecycle participant. At session start it refuses a Maven older than the bridge needs, naming
 * the Maven Wrapper as the fix; adds the plugin's group to the session's plugin groups so that {@code mvn slurm:…}
 * resolves with nothing more than the extension configured; and reads and checks the build's slurm settings, so an
 * invalid value fails the build at once with its own message (key, value, what is valid) instead of as an opaque
 * "cannot access the repository" later. Compiled as Java 8 bytecode (see the POM): the Sisu of a Maven before 3.9
 * skips newer class files without a word, and this class must run there to say so; it touches the Java 17 classes of
 * the extension only after the version check passed.
 */
@Named
@Singleton
public final class SlurmSessionParticipant extends AbstractMavenLifecycleParticipant {

    /** The group of {@code slurm-maven-plugin} (prefix {@code slurm}). */
    static final String PLUGIN_GROUP = "ai.vantage.maven";

    /** The oldest Maven the extension and the plugin run on, as major and minor version. */
    static final int[] OLDEST_MAVEN = {3, 9};

    private final RuntimeInformation runtime;

    @Inject
    public SlurmSessionParticipant(RuntimeInformation runtime) {
        this.runtime = runtime;
    }

    @Override
    public void afterSessionStart(MavenSession session) throws MavenExecutionException {
        requireSupportedMaven(runtime.getMavenVersion(), session.getGoals());
        addPluginGroup(session.getRequest().getPluginGroups());
        checkSettings(session);
    }

    /** Builds the session's {@link SlurmSession}, turning an invalid setting into a build failure with its message. */
    private static void checkSettings(MavenSession session) throws MavenExecutionException {
        try {
            SlurmSession.of(session.getRepositorySession());
        } catch (IllegalArgumentException e) {
            throw new MavenExecutionException(e.getMessage(), e);
        }
    }

    /**
     * Fails for a Maven older than {@link #OLDEST_MAVEN}, unless it only runs the wrapper plugin (which adds the fix).
     *
     * @throws MavenExecutionException naming the running version and the Maven Wrapper as the fix
     */
    static void requireSupportedMaven(String version, List<String> goals) throws MavenExecutionException {
        boolean addingTheWrapper = !goals.isEmpty() && goals.stream().allMatch(
                goal -> goal.startsWith("wrapper:") || goal.startsWith("org.apache.maven.plugins:maven-wrapper-plugin:"));
        if (olderThanSupported(version) && !addingTheWrapper) {
            throw new MavenExecutionException("The Slurm Maven Bridge needs Maven " + OLDEST_MAVEN[0] + "."
                    + OLDEST_MAVEN[1] + " or newer, but this is Maven " + version + ". Run the project's Maven Wrapper"
                    + " instead of the installed mvn: ./mvnw (it fetches the Maven it pins once; examples/deployment"
                    + " carries one, and 'mvn wrapper:wrapper -Dmaven=3.9.16' adds one to a project)", (File) null);
        }
    }

    private static boolean olderThanSupported(String version) {
        String[] parts = version.split("[.-]");
        for (int i = 0; i < OLDEST_MAVEN.length; i++) {
            int part = i < parts.length && parts[i].matches("\\d+") ? Integer.parseInt(parts[i]) : 0;
            if (part != OLDEST_MAVEN[i]) {
                return part < OLDEST_MAVEN[i];
            }
        }
        return false;
    }

    /** Adds {@link #PLUGIN_GROUP} to {@code pluginGroups} unless it is there already. */
    static void addPluginGroup(List<String> pluginGroups) {
        if (!pluginGroups.contains(PLUGIN_GROUP)) {
            pluginGroups.add(PLUGIN_GROUP);
        }
    }
}
