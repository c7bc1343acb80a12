package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ModuleFileRelease;
import ai.vantage.maven.slurm.release.ModuleFiles;
import ai.vantage.maven.slurm.release.ReleaseShown;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which build a Slurm tree holds, read from its files as they are unpacked (an {@link SafeTarExtractor.EntryReader}):
 * the Slurm release of its Lmod module ({@code view/assets/modules/slurm/<name>.lua}: the file name, the default
 * that {@code .modulerc.lua} names, and the module's {@code -- slurm@…}, {@code whatis([[Version : …]])} and
 * {@code local version} lines), the machine of the ELF executables under {@code view/bin} and {@code view/sbin}, and
 * the compiler the module names ({@code SLURM_BUILD_COMPILER}), which tells the toolchains apart. {@link #check}
 * compares it with the build asked for, so a genuine signature of another build, served at this build's key, is
 * refused. The module files are read by {@link ModuleFiles}, as a download's one pass reads them too.
 */
public final class BuildIdentity implements SafeTarExtractor.EntryReader {

    /** Where the Lmod module lives in the tree. */
    private static final String MODULES = ModuleFileRelease.MODULE_FOLDER;

    private static final String MODULERC = ".modulerc.lua";
    private static final int ELF_HEADER = 20;
    private static final Pattern RELEASE = Pattern.compile("(?<!\\d)(\\d{2})[.-](\\d{2})(?:[.-](\\d+))?");
    private static final Map<String, Pattern> VERSION_LINES = versionLines();
    private static final Pattern COMPILER =
            Pattern.compile("setenv\\(\\s*\"SLURM_BUILD_COMPILER\"\\s*,\\s*\"gcc@=?([0-9][0-9.]*)[^\"]*\"\\s*\\)");

    private final ModuleFiles moduleFiles = new ModuleFiles();
    private final Map<Integer, String> machines = new TreeMap<>();

    private static Map<String, Pattern> versionLines() {
        Map<String, Pattern> lines = new LinkedHashMap<>();
        lines.put("local version", Pattern.compile("(?m)^\\s*local\\s+version\\s*=\\s*\"([^\"]+)\""));
        lines.put("whatis Version", Pattern.compile("whatis\\(\\s*\\[\\[\\s*Version\\s*:\\s*([^\\]]+?)\\s*\\]\\]"));
        lines.put("-- slurm@", Pattern.compile("(?m)^--\\s*slurm@(\\S+)"));
        return lines;
    }

    @Override
    public int wants(String name) {
        int module = moduleFiles.wants(name);
        if (module > 0) {
            return module;
        }
        return name.startsWith("view/bin/") || name.startsWith("view/sbin/") ? ELF_HEADER : 0;
    }

    @Override
    public void read(String name, byte[] head) {
        if (moduleFiles.wants(name) > 0) {
            moduleFiles.read(name, head);
        } else if (head.length >= ELF_HEADER && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            boolean bigEndian = head[5] == 2; // EI_DATA; e_machine is the half-word at offset 18
            int machine = bigEndian ? (head[18] & 0xff) << 8 | head[19] & 0xff : (head[19] & 0xff) << 8 | head[18] & 0xff;
            machines.putIfAbsent(machine, name);
        }
    }

    /**
     * Refuses a tree that is not the build {@code asked}: its Slurm release must belong to the series asked for
     * (a tree showing no release is refused); every ELF executable under {@code view/bin} and {@code view/sbin} must
     * be for the architecture asked for, and the compiler the module names, if any, must be the toolchain's. An exact
     * release asked for is the acceptance rule's to check, with {@link #shown}.
     *
     * @param tarball what to call the tarball in messages, e.g. {@code the signed tarball}
     */
    public void check(SlurmCoordinate asked, String tarball) throws WrongBuildException {
        List<String> releases = releases();
        String wanted = asked.series() + " " + asked.toolchain().id() + " " + asked.arch().id();
        if (releases.isEmpty()) {
            throw new WrongBuildException("Refusing " + asked + ": " + tarball + " shows no Slurm release; looked for "
                    + "the Lmod module " + MODULES + "<name>.lua (its name, and its '-- slurm@', 'whatis([[Version : "
                    + "…]])' and 'local version' lines) and the default named in " + MODULES + MODULERC + ", found "
                    + (modules().isEmpty() ? "no module file" : "the module(s) " + modules().keySet() + " without a "
                            + "release in them") + ". It cannot be proven to be " + wanted + "; nothing was switched");
        }
        Optional<String> otherRelease = releases.stream().filter(r -> !inSeries(r, asked.series())).findFirst();
        Optional<String> otherMachine = machines.keySet().stream().filter(m -> m != machine(asked.arch()))
                .findFirst().map(m -> machineName(m) + " in " + machines.get(m));
        Optional<String> compiler = compiler();
        Optional<String> otherCompiler = compiler.filter(gcc -> !gcc.equals(asked.toolchain().gcc()))
                .map(gcc -> "gcc " + gcc + Arrays.stream(Toolchain.values()).filter(t -> t.gcc().equals(gcc))
                        .findFirst().map(t -> ", the compiler of " + t.id()).orElse(", no toolchain's compiler"));
        if (otherRelease.isEmpty() && otherMachine.isEmpty() && otherCompiler.isEmpty()) {
            return;
        }
        List<String> facts = new ArrayList<>();
        otherCompiler.ifPresent(facts::add);
        otherMachine.ifPresent(facts::add);
        String release = otherRelease.orElse(releases.get(0));
        throw new WrongBuildException("Refusing " + asked + ": asked for " + wanted + ", " + tarball + " holds "
                + release + (facts.isEmpty() ? "" : " (" + String.join("; ", facts) + ")") + ". It is another "
                + "build, served in this one's place (a replay or a mix-up in the cache or a mirror); nothing was "
                + "switched and no script ran");
    }

    /**
     * The releases the tree names (e.g. {@code 25.11.6}): those of the default module's lines (of every module's
     * when there is no default module file), then those of the module names.
     */
    private List<String> releases() {
        List<String> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Optional<String> defaultModule = moduleFiles.defaultModule();
        defaultModule.ifPresent(names::add);
        if (defaultModule.isEmpty() || !modules().containsKey(defaultModule.get())) {
            names.addAll(modules().keySet());
        }
        for (String name : names) {
            String text = modules().get(name);
            if (text != null) {
                for (Pattern line : VERSION_LINES.values()) {
                    Matcher matcher = line.matcher(text);
                    if (matcher.find()) {
                        release(matcher.group(1)).ifPresent(found::add);
                    }
                }
            }
        }
        for (String name : names) {
            release(name).ifPresent(found::add);
        }
        return found;
    }

    /**
     * The exact Slurm release the tree's module names ({@link ModuleFiles#shown}: the default module, or the only
     * one), e.g. {@code 25.11.6}; empty when there is no such module or it names no single release.
     */
    public Optional<ExactRelease> release() {
        return shown().release();
    }

    /** The release the tree's module files show, or why they show none: what an exact release is checked against. */
    public ReleaseShown shown() {
        return moduleFiles.shown();
    }

    private Map<String, String> modules() {
        return moduleFiles.modules();
    }

    private Optional<String> compiler() {
        Optional<String> name = moduleFiles.moduleName();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = COMPILER.matcher(modules().get(name.get()));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** {@code 25-11-6-1} (Spack's form, with the package revision) or {@code 25.11.6} as {@code 25.11.6}. */
    private static Optional<String> release(String text) {
        Matcher matcher = RELEASE.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(1) + "." + matcher.group(2)
                + (matcher.group(3) == null ? "" : "." + matcher.group(3)));
    }

    private static boolean inSeries(String release, String series) {
        return release.equals(series) || release.startsWith(series + ".");
    }

    private static int machine(Arch arch) {
        return arch == Arch.ARM64 ? 183 : 62;
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case 62 -> "x86-64";
            case 183 -> "aarch64";
            default -> "ELF machine " + machine;
        };
    }
}
