package ai.vantage.maven.slurm.it.nexus;

import ai.vantage.maven.slurm.fixture.FileTrees;
import ai.vantage.maven.slurm.it.SampleProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Nexus a run starts: a fresh copy of the distribution the build unpacked (its {@code etc/} as shipped, an empty
 * data folder), patched for the running Java and with Karaf's configuration write-back off. Nothing a run writes
 * reaches the next one, and the distribution itself is never started.
 *
 * <p>The write-back ({@code felix.fileinstall.enableConfigSave}) lets a configuration that Karaf holds empty for a
 * moment at start overwrite its {@code .cfg} file: once {@code org.apache.karaf.features.cfg} had been cut to its
 * license header, Nexus hung at "Fast FeaturesService starting" in that checkout for good (the race of KARAF-6866).
 */
final class NexusCopy {

    private static final String CONFIG_SAVE = "felix.fileinstall.enableConfigSave";

    private final Path home;
    private final Path work;
    private final Map<Path, byte[]> etc;

    private NexusCopy(Path home, Path work, Map<Path, byte[]> etc) {
        this.home = home;
        this.work = work;
        this.etc = etc;
    }

    /**
     * Replaces {@code run} with a copy of the distribution at {@code distribution} (a folder
     * {@code nexus-base-template-<version>} beside its {@code sonatype-work}), patched to start here.
     */
    static NexusCopy of(Path distribution, Path run) throws IOException {
        Path launcher = distribution.resolve("bin/nexus");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing: the build unpacks Nexus in pre-integration-test "
                    + "(run the ITs through ./mvnw verify; the first run needs network access to Maven Central)");
        }
        SampleProject.delete(run);
        if (Files.exists(run)) {
            throw new IllegalStateException("Could not delete " + run + ", what the last Nexus run left");
        }
        Path home = run.resolve(distribution.getFileName());
        FileTrees.copy(distribution, home, NexusCopy::copyFile);
        FileTrees.copy(distribution.resolveSibling("sonatype-work"), run.resolve("sonatype-work"), NexusCopy::copyFile);
        Path config = home.resolve("etc/karaf/config.properties");
        allowRunningJava(config);
        disableConfigSave(config);
        return new NexusCopy(home, run.resolve("sonatype-work/nexus3"), snapshot(home.resolve("etc")));
    }

    /** The copy's installation folder (Karaf's home). */
    Path home() {
        return home;
    }

    /** The copy's data folder ({@code sonatype-work/nexus3}). */
    Path work() {
        return work;
    }

    /** The files under the copy's {@code etc/} whose content changed since it was made, with their sizes. */
    List<String> changedSettings() {
        Map<Path, byte[]> now = snapshot(home.resolve("etc"));
        return Stream.concat(etc.keySet().stream(), now.keySet().stream()).distinct().sorted()
                .filter(file -> !Arrays.equals(etc.get(file), now.get(file)))
                .map(file -> "etc/" + file + " (" + size(now.get(file)) + ", was " + size(etc.get(file)) + ")")
                .collect(Collectors.toList());
    }

    /**
     * Adds an execution environment for the running Java to Karaf's {@code config.properties} (Karaf 4.3 knows none
     * after 16): a copy of the {@code eecap-16} entry with the versions up to this one.
     */
    static void allowRunningJava(Path config) throws IOException {
        int feature = Runtime.version().feature();
        String text = Files.readString(config, StandardCharsets.ISO_8859_1);
        if (feature <= 16 || text.contains("\neecap-" + feature + " =")) {
            return;
        }
        Matcher entry = Pattern.compile("\neecap-16 = (.*?)(?=\neecap-15 =)", Pattern.DOTALL).matcher(text);
        if (!entry.find()) {
            throw new IllegalStateException("No eecap-16 entry in " + config + ": not the Karaf 4.3 this patch knows");
        }
        StringBuilder versions = new StringBuilder("16.0");
        for (int v = 17; v <= feature; v++) {
            versions.append(',').append(v).append(".0");
        }
        String copy = entry.group(1).replace("16.0\"", versions + "\"");
        Files.writeString(config, text.replace("\neecap-16 = ", "\neecap-" + feature + " = " + copy + "\neecap-16 = "),
                StandardCharsets.ISO_8859_1);
    }

    /** Turns Karaf's write-back of configurations into {@code etc/karaf/*.cfg} off. */
    static void disableConfigSave(Path config) throws IOException {
        String text = Files.readString(config, StandardCharsets.ISO_8859_1);
        Matcher setting = Pattern.compile("(?m)^" + Pattern.quote(CONFIG_SAVE) + "\\s*=.*$").matcher(text);
        if (!setting.find()) {
            throw new IllegalStateException("No " + CONFIG_SAVE + " in " + config
                    + ": not the Karaf 4.3 this patch knows");
        }
        Files.writeString(config, setting.replaceFirst(CONFIG_SAVE + " = false"), StandardCharsets.ISO_8859_1);
    }

    private static Map<Path, byte[]> snapshot(Path etc) {
        try (Stream<Path> files = Files.walk(etc)) {
            Map<Path, byte[]> contents = new TreeMap<>();
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                contents.put(etc.relativize(file), Files.readAllBytes(file));
            }
            return contents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFile(Path file, Path copy) throws IOException {
        Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static String size(byte[] content) {
        return content == null ? "absent" : content.length + " bytes";
    }
}
