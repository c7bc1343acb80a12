package ai.vantage.maven.slurm.it.nexus;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A real Nexus Repository OSS 3, run on a free loopback port for the repository-manager ITs from a fresh
 * {@link NexusCopy} of the distribution the build unpacked, with the fixes Java 17 needs (Karaf's execution
 * environment, module opens, zip64 check), admin/admin123 and no onboarding. A start that stops making progress fails
 * within a minute, quoting the logs. Tests get the one instance of a run through {@link NexusExtension}; it is stopped,
 * process and all, when the run ends.
 */
public final class NexusServer implements AutoCloseable {

    /** The admin account a fresh instance has when {@code NEXUS_SECURITY_RANDOMPASSWORD=false}. */
    public static final String ADMIN = "admin";

    public static final String ADMIN_PASSWORD = "admin123";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 40;
    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ (more|common frames omitted))");
    /**
     * A Nexus that lives for a few minutes of tests on two cores: the client compiler and the serial collector spend
     * less CPU on its start (OSGi, Karaf, thousands of classes) than the server compiler and G1 gain back.
     */
    private static final List<String> TEST_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final List<String> JAVA17_OPTIONS = List.of(
            "-Djdk.util.zip.disableZip64ExtraFieldValidation=true",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.x509=ALL-UNNAMED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI uri;
    private final NexusCopy copy;
    private final Path pidFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Thread shutdownHook;

    private NexusServer(Process process, URI uri, NexusCopy copy, Path pidFile) {
        this.process = process;
        this.uri = uri;
        this.copy = copy;
        this.pidFile = pidFile;
        this.shutdownHook = new Thread(this::stop, "nexus-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a fresh copy (in {@code run}) of the Nexus distribution unpacked at {@code distribution} and waits until
     * it serves and accepts writes.
     *
     * @throws IllegalStateException naming what went wrong and quoting the end of Nexus's log: when Nexus exits, makes
     *     no progress for a minute, or is not ready within five
     */
    public static NexusServer start(Path distribution, Path run) throws IOException, InterruptedException {
        return start(distribution, run, STALL_TIMEOUT);
    }

    static NexusServer start(Path distribution, Path run, Duration stallTimeout)
            throws IOException, InterruptedException {
        Path pidFile = run.resolveSibling(run.getFileName() + ".pid");
        stopLeftover(pidFile);
        NexusCopy copy = NexusCopy.of(distribution, run);
        int port = freePort();
        Files.createDirectories(copy.work().resolve("etc"));
        Files.writeString(copy.work().resolve("etc/nexus.properties"), "application-host=127.0.0.1\n"
                + "application-port=" + port + "\n" + "nexus.onboarding.enabled=false\n");
        Path console = run.resolve("nexus-console.log");
        ProcessBuilder builder = new ProcessBuilder(copy.home().resolve("bin/nexus").toString(), "server")
                .directory(copy.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KARAF_EXEC", "exec"); // the launcher becomes the JVM: stopping the process stops Nexus
        env.put("JAVA_MIN_MEM", "512m");
        env.put("JAVA_MAX_MEM", "1200m");
        env.put("DIRECT_MAX_MEM", "1g");
        env.put("EXTRA_JAVA_OPTS", String.join(" ", JAVA17_OPTIONS) + " " + String.join(" ", TEST_OPTIONS));
        env.put("NEXUS_SECURITY_RANDOMPASSWORD", "false");
        env.remove("JAVA_OPTS");
        Process process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        NexusServer nexus = new NexusServer(process, URI.create("http://127.0.0.1:" + port + "/"), copy, pidFile);
        try {
            nexus.awaitReady(console, stallTimeout);
        } catch (RuntimeException | IOException | InterruptedException e) {
            nexus.close();
            throw e;
        }
        return nexus;
    }

    /** The base URL, ending with {@code /}. */
    public URI uri() {
        return uri;
    }

    /** The URL of repository {@code name}, ending with {@code /}. */
    public URI repositoryUri(String name) {
        return uri.resolve("repository/" + name + "/");
    }

    /**
     * (Re)creates the raw proxy repository {@code name} of {@code remote}: caches of 24 h, content type validation,
     * the negative cache's lifetime (minutes) and auto-blocking as given.
     */
    public void createRawProxy(String name, URI remote, boolean strictContentTypes, int negativeCacheMinutes,
            boolean autoBlock) throws IOException, InterruptedException {
        Map<String, Object> repository = proxy(name, remote, strictContentTypes, negativeCacheMinutes, autoBlock);
        repository.put("raw", Map.of("contentDisposition", "ATTACHMENT"));
        recreate("raw/proxy", repository);
    }

    /**
     * (Re)creates a repository from its JSON as the REST API takes it, e.g. the documented one, at
     * {@code service/rest/v1/repositories/<format>/<type>} (e.g. {@code raw/proxy}).
     */
    public void createRepository(String formatAndType, String json) throws IOException, InterruptedException {
        String name = String.valueOf(JSON.readValue(json, Map.class).get("name"));
        deleteRepository(name);
        expect(201, send(admin("service/rest/v1/repositories/" + formatAndType)
                .POST(HttpRequest.BodyPublishers.ofString(json))), "create " + name);
    }

    /**
     * Saves repository {@code name} unchanged, as the Save button of its UI page does: this lifts an auto-block at
     * once (seen on Nexus 3.41), while its negative cache stays.
     */
    public void resave(String name) throws IOException, InterruptedException {
        HttpResponse<String> summary = send(admin("service/rest/v1/repositories/" + name).GET());
        expect(200, summary, "read repository " + name);
        Map<?, ?> kind = JSON.readValue(summary.body(), Map.class);
        String path = "service/rest/v1/repositories/" + kind.get("format") + "/" + kind.get("type") + "/" + name;
        HttpResponse<String> settings = send(admin(path).GET());
        expect(200, settings, "read the settings of " + name);
        expect(204, send(admin(path).PUT(HttpRequest.BodyPublishers.ofString(settings.body()))), "save " + name);
    }

    /** (Re)creates the maven2 proxy {@code name} of {@code remote} with Nexus's defaults (strict layout and types). */
    public void createMavenProxy(String name, URI remote) throws IOException, InterruptedException {
        Map<String, Object> repository = proxy(name, remote, true, 1440, true);
        repository.put("maven", Map.of("versionPolicy", "RELEASE", "layoutPolicy", "STRICT"));
        recreate("maven/proxy", repository);
    }

    /** (Re)creates the maven2 hosted release repository {@code name}, open to uploads. */
    public void createMavenHosted(String name) throws IOException, InterruptedException {
        Map<String, Object> repository = new LinkedHashMap<>();
        repository.put("name", name);
        repository.put("online", true);
        repository.put("storage", Map.of("blobStoreName", "default", "strictContentTypeValidation", true,
                "writePolicy", "ALLOW"));
        repository.put("maven", Map.of("versionPolicy", "RELEASE", "layoutPolicy", "STRICT"));
        recreate("maven/hosted", repository);
    }

    /** Empties the proxy {@code name}'s negative cache and marks its content for revalidation. */
    public void invalidateCache(String name) throws IOException, InterruptedException {
        expect(204, send(admin("service/rest/v1/repositories/" + name + "/invalidate-cache")
                .POST(HttpRequest.BodyPublishers.noBody())), "invalidate the cache of " + name);
    }

    /** Uploads {@code file} to {@code path} of the hosted repository {@code name}, as {@code mvn deploy} does. */
    public void upload(String name, String path, Path file) throws IOException, InterruptedException {
        HttpResponse<String> response = send(admin("repository/" + name + "/" + path)
                .PUT(HttpRequest.BodyPublishers.ofFile(file)));
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IOException("Upload of " + file + " to " + name + "/" + path + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /** Deletes repository {@code name} if it exists. */
    public void deleteRepository(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send(admin("service/rest/v1/repositories/" + name).DELETE());
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new IOException("Deleting repository " + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** The last lines of Nexus's own log, for failure messages. */
    public String logTail() {
        return tail(work().resolve("log/nexus.log"));
    }

    /** Stops Nexus (SIGTERM, then kill after a minute) and waits until it is gone. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs stop() itself
        }
        stop();
    }

    private void stop() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file is checked against the live process on the next start
        }
    }

    private void awaitReady(Path console, Duration stallTimeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        StartProgress progress = new StartProgress(List.of(console, work().resolve("log/nexus.log")));
        long lastProgress = System.nanoTime();
        for (String status : List.of("service/rest/v1/status", "service/rest/v1/status/writable")) {
            while (!answers200(status)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Nexus exited with " + process.exitValue() + " while starting;"
                            + " console " + console + ":\n" + tail(console) + "\nnexus.log:\n" + logTail());
                }
                if (progress.advanced()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                    throw new IllegalStateException("Nexus stopped making progress while starting: no new line in "
                            + "its logs for " + stallTimeout.toSeconds() + " s and no 200 from GET /" + status
                            + " at " + uri + ". The last new line: " + progress.lastNews()
                            + changedSettings() + "\nThe end of " + work().resolve("log/nexus.log") + ":\n"
                            + logTail() + "\nThe end of " + console + ":\n" + tail(console));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Nexus did not answer GET /" + status + " with 200 within "
                            + START_TIMEOUT.toSeconds() + " s at " + uri + "; the end of "
                            + work().resolve("log/nexus.log") + ":\n" + logTail());
                }
                Thread.sleep(1000);
            }
        }
    }

    /** The settings Nexus changed in its {@code etc/} while starting, as a sentence, or nothing. */
    private String changedSettings() {
        List<String> changed = copy.changedSettings();
        return changed.isEmpty() ? "" : "\nNexus rewrote its settings while starting: " + String.join(", ", changed);
    }

    private boolean answers200(String path) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(10)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Object> proxy(String name, URI remote, boolean strictContentTypes,
            int negativeCacheMinutes, boolean autoBlock) {
        Map<String, Object> repository = new LinkedHashMap<>();
        repository.put("name", name);
        repository.put("online", true);
        repository.put("storage", Map.of("blobStoreName", "default",
                "strictContentTypeValidation", strictContentTypes));
        repository.put("proxy", Map.of("remoteUrl", remote.toString(), "contentMaxAge", 1440,
                "metadataMaxAge", 1440));
        repository.put("negativeCache", Map.of("enabled", true, "timeToLive", negativeCacheMinutes));
        repository.put("httpClient", Map.of("blocked", false, "autoBlock", autoBlock));
        return repository;
    }

    private void recreate(String formatAndType, Map<String, Object> repository)
            throws IOException, InterruptedException {
        createRepository(formatAndType, JSON.writeValueAsString(repository));
    }

    private HttpRequest.Builder admin(String path) {
        String token = ADMIN + ":" + ADMIN_PASSWORD;
        return HttpRequest.newBuilder(uri.resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void expect(int status, HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException("Nexus could not " + what + ": " + response.request().method() + " "
                    + response.uri() + " answered " + response.statusCode() + " " + response.body()
                    + "\nnexus.log:\n" + logTail());
        }
    }

    /** Stops a Nexus an earlier run left behind (a killed test JVM), by the pid it recorded. */
    private static void stopLeftover(Path pidFile) throws IOException, InterruptedException {
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .filter(p -> p.info().commandLine().orElse("").contains("org.sonatype.nexus.karaf.NexusMain"));
        if (leftover.isPresent()) {
            leftover.get().destroy();
            try {
                leftover.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                leftover.get().destroyForcibly();
            }
        }
        Files.delete(pidFile);
    }

    private Path work() {
        return copy.work();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The last lines of {@code log}, stack frames left out (a flood of one error would fill the tail with them). */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !STACK_FRAME.matcher(line).lookingAt()).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }
}
