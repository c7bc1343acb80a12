package ai.vantage.maven.slurm.release;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lmod module files of a Slurm tarball as the install reads them: the first {@value #MODULE_BYTES} bytes of each
 * regular file directly in {@value ModuleFileRelease#MODULE_FOLDER} ({@code <name>.lua}, and {@code .modulerc.lua},
 * which names the default), and the release they show ({@link #shown}): the default module's, or the only module's,
 * as {@link ModuleFileRelease} parses it. Fed entry by entry, by the install's extractor or by
 * {@link ModuleFileScanner} in the one pass of a download. Not thread-safe.
 */
public final class ModuleFiles {

    /** How many bytes of a module file are read. */
    public static final int MODULE_BYTES = 64 * 1024;

    private static final String FOLDER = ModuleFileRelease.MODULE_FOLDER;
    private static final String MODULERC = ".modulerc.lua";
    private static final Pattern DEFAULT =
            Pattern.compile("module_version\\(\\s*\"([^\"]+)\"\\s*,\\s*\"default\"\\s*\\)");

    private final Map<String, String> modules = new TreeMap<>();
    private String defaultModule;

    /** How many first bytes of the regular file {@code name} (normalized, relative to the tarball's root) to read. */
    public int wants(String name) {
        return name.startsWith(FOLDER) && name.endsWith(".lua") && name.indexOf('/', FOLDER.length()) < 0
                ? MODULE_BYTES : 0;
    }

    /** The first bytes of {@code name}, which {@link #wants} asked for. */
    public void read(String name, byte[] head) {
        String file = name.substring(FOLDER.length());
        String text = new String(head, StandardCharsets.UTF_8);
        if (file.equals(MODULERC)) {
            Matcher matcher = DEFAULT.matcher(text);
            if (matcher.find()) {
                String module = matcher.group(1);
                defaultModule = module.substring(module.lastIndexOf('/') + 1);
            }
        } else {
            modules.put(file.substring(0, file.length() - ".lua".length()), text);
        }
    }

    /** The module files read, by name without {@code .lua}, with their text. */
    public Map<String, String> modules() {
        return Collections.unmodifiableMap(modules);
    }

    /** The module {@code .modulerc.lua} names the default, if it was read and names one. */
    public Optional<String> defaultModule() {
        return Optional.ofNullable(defaultModule);
    }

    /** The module whose release the tree shows: the default module, or the only one. */
    public Optional<String> moduleName() {
        if (defaultModule != null && modules.containsKey(defaultModule)) {
            return Optional.of(defaultModule);
        }
        return defaultModule == null && modules.size() == 1 ? Optional.of(modules.keySet().iterator().next())
                : Optional.empty();
    }

    /** Whether later entries cannot change {@link #shown}: the default is named and its module was read. */
    public boolean settled() {
        return defaultModule != null && modules.containsKey(defaultModule);
    }

    /** The release the module files show, or why they show none. */
    public ReleaseShown shown() {
        Optional<String> name = moduleName();
        if (name.isEmpty()) {
            return ReleaseShown.unknown(modules.isEmpty() ? "it has no module file " + FOLDER + "<name>.lua"
                    : "its module files " + modules.keySet() + " name no single release (" + (defaultModule == null
                            ? "no default in " + FOLDER + MODULERC : "the default " + defaultModule + " is missing")
                            + ")");
        }
        String file = name.get() + ".lua";
        try {
            return ReleaseShown.of(ModuleFileRelease.parse(file, modules.get(name.get())), FOLDER + file);
        } catch (IllegalArgumentException e) {
            return ReleaseShown.unknown(e.getMessage());
        }
    }
}
