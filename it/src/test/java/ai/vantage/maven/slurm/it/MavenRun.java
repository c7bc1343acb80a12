package ai.vantage.maven.slurm.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One run of a real Maven on a sample project: batch mode, a local repository of the test's own (with the staged
 * bridge and the outer build's repository as read-only tails), and the log kept in a file.
 */
public final class MavenRun {

    private static final long TIMEOUT_SECONDS = 300;

    private final Path executable;
    /** The Maven installation {@link #executable} runs, when known (not for a project's wrapper). */
    private final Optional<Path> mavenHome;
    private final Path project;
    private Path localRepository;
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> properties = new TreeMap<>();
    private final Map<String, String> environment = new TreeMap<>();
    private String logName = "build.log";

    private MavenRun(Path executable, Optional<Path> mavenHome, Path project) {
        this.executable = executable;
        this.mavenHome = mavenHome;
        this.project = project;
        this.localRepository = project.resolveSibling(project.getFileName() + "-repo");
    }

    /** A run of {@code maven} in {@code project}. */
    public static MavenRun of(MavenVersion maven, Path project) {
        return new MavenRun(maven.executable(), Optional.of(maven.executable().getParent().getParent()), project);
    }

    /** A run of {@code project}'s own Maven Wrapper ({@code mvnw}), which runs the Maven the project pins. */
    public static MavenRun ofWrapper(Path project) {
        return new MavenRun(project.resolve("mvnw"), Optional.empty(), project);
    }

    /** Uses {@code repository} as the local repository (by default one beside the project). */
    public MavenRun localRepository(Path repository) {
        this.localRepository = repository;
        return this;
    }

    /** Adds goals and options, e.g. {@code -o}, {@code -C}, a goal. */
    public MavenRun args(String... args) {
        Collections.addAll(arguments, args);
        return this;
    }

    /** Adds {@code -Dname=value}. */
    public MavenRun property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    /** Adds an environment variable. */
    public MavenRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Names the log file (several runs in one project). */
    public MavenRun log(String name) {
        this.logName = name;
        return this;
    }

    /** Runs Maven and waits for it. */
    public MavenResult run() throws IOException, InterruptedException {
        Optional<ClassDataSharing> sharing = classDataSharing(true);
        Process process = start(sharing);
        Path log = project.resolve(logName);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("Maven did not finish in " + TIMEOUT_SECONDS + " s: " + log);
        }
        if (sharing.isPresent()) {
            sharing.get().finish();
        }
        return new MavenResult(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log,
                localRepository);
    }

    /** Starts Maven without waiting, for tests that interrupt it; the log goes to the run's log file. */
    public Process start() throws IOException {
        return start(classDataSharing(false));
    }

    private Optional<ClassDataSharing> classDataSharing(boolean mayWrite) throws IOException {
        String work = System.getProperty("it.work");
        if (mavenHome.isEmpty() || work == null) {
            return Optional.empty();
        }
        return Optional.of(ClassDataSharing.of(mavenHome.get(), Path.of(work, "class-data"), mayWrite));
    }

    private Process start(Optional<ClassDataSharing> sharing) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.add("-B");
        command.add("-ntp");
        command.add("-Dmaven.repo.local=" + localRepository);
        command.add("-Dmaven.repo.local.tail=" + System.getProperty("it.repo") + "," + System.getProperty("it.outerRepo"));
        // Only what the staged repository installed, or what a tail holds from a repository this build uses (central
        // for plugins), is taken from the tails: never a Slurm build another project left in the user's repository.
        command.add("-Dmaven.repo.local.tail.ignoreAvailability=false");
        command.add("-Daether.remoteRepositoryFilter.prefixes=false");
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(project.resolve(logName).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // the short-lived Maven processes of the ITs start faster with the client compiler and the serial collector
        builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + sharing.map(s -> " " + s.jvmOptions()).orElse(""));
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().putAll(environment);
        return builder.start();
    }
}
