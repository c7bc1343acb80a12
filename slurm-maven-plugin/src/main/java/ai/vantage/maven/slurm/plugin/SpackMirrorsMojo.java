package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.install.HostDetector;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.spack.SpackMirrorReader;
import ai.vantage.maven.slurm.spack.SpackMirrorsConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * For Spack users: writes a {@code mirrors.yaml} of the toolchain's Slurm Factory mirrors in the generation the cache
 * has ({@code signed: true}) and the pinned public key, fetched from the mirror and checked against
 * {@code slurm.pgp.fingerprints}, then prints the {@code spack} commands that add them.
 */
@Mojo(name = "spack-mirrors", requiresProject = false, threadSafe = true)
public final class SpackMirrorsMojo extends AbstractBridgeMojo {

    /** The toolchain ({@code noble}, …); detected from the host by default. */
    @Parameter(property = TOOLCHAIN)
    String toolchain;

    /** The Slurm series (used by the older mirror generation); the newest the cache holds by default. */
    @Parameter(property = VERSION)
    String version;

    /** Where {@code mirrors.yaml} and the key file are written. */
    @Parameter(property = "slurm.spack.directory", defaultValue = "${project.build.directory}/slurm-spack")
    File directory;

    @Override
    String formerUpstreamProperty() {
        return "slurm.spack.upstream";
    }

    @Override
    void run() throws MojoExecutionException {
        Toolchain t;
        try {
            t = toolchain != null ? Toolchain.of(toolchain) : HostDetector.ofThisHost().toolchain();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        SlurmCache cache = cache(upstream());
        String series = version != null ? version : cache.series().get(cache.series().size() - 1);
        Path folder = normalized(directory);
        try {
            List<SpackMirrorsConfig.Mirror> mirrors = cache.spackMirrors(t, series);
            Map<String, byte[]> pinned = new LinkedHashMap<>(); // all fetched and checked before anything is written
            for (String fingerprint : settings().trusted().fingerprints()) {
                pinned.put(fingerprint, cache.pinnedKey(t, fingerprint));
            }
            Files.createDirectories(folder);
            List<Path> keys = new ArrayList<>();
            for (Map.Entry<String, byte[]> key : pinned.entrySet()) {
                keys.add(Files.write(folder.resolve(key.getKey() + ".pub"), key.getValue()));
            }
            Path yaml = Files.writeString(folder.resolve("mirrors.yaml"), SpackMirrorsConfig.yaml(mirrors),
                    StandardCharsets.UTF_8);
            getLog().info("Wrote " + yaml + " (" + mirrors.size() + " signed mirror(s) of " + t.id() + ")");
            keys.forEach(key -> getLog().info("Wrote " + key + ": the pinned key, checked against its fingerprint"));
            getLog().info("Add them to Spack:");
            mirrors.forEach(m -> getLog().info("  spack mirror add --signed " + m.name() + " " + m.url()));
            keys.forEach(key -> getLog().info("  spack gpg trust " + key));
            getLog().info("(or put " + yaml.getFileName() + " into a Spack configuration scope, e.g. ~/.spack/)");
            getLog().info("Slurm Factory's packages are in the Spack namespace " + SpackMirrorReader.SLURM_NAMESPACE
                    + ", e.g. " + SpackMirrorReader.SLURM_NAMESPACE + "." + SpackMirrorReader.SLURM_PACKAGE);
        } catch (IOException | IllegalArgumentException e) {
            throw new MojoExecutionException("slurm:spack-mirrors: " + e.getMessage(), e);
        }
    }
}
