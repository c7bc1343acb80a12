package ai.vantage.maven.slurm.release;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Slurm release an unpacked tree says it is, read from its Lmod module file
 * ({@code view/assets/modules/slurm/<name>.lua}), rendered by Slurm Factory from its template with the Spack spec:
 * {@code local version = "25-11-6-1"}, {@code whatis([[Version : 25-11-6-1]])}, a comment {@code -- slurm@25-11-6-1},
 * and often the file name itself ({@code 25-11-6-1.lua}). Only parses the version; finding the file in a tree is
 * the tree inspector's job.
 */
public final class ModuleFileRelease {

    /** The folder of the module files inside a tarball. */
    public static final String MODULE_FOLDER = "view/assets/modules/slurm/";

    private static final String VERSION = "(\\d{2}-\\d{2}-\\d{1,3}(?:-\\d{1,3})?)";
    private static final Map<String, Pattern> STATEMENTS = statements();
    private static final Pattern FILE_NAME = Pattern.compile(VERSION + "\\.lua");

    private ModuleFileRelease() {}

    private static Map<String, Pattern> statements() {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        patterns.put("local version", Pattern.compile("(?m)^\\s*local\\s+version\\s*=\\s*[\"']" + VERSION + "[\"']"));
        patterns.put("whatis Version", Pattern.compile("whatis\\(\\s*\\[\\[\\s*Version\\s*:\\s*" + VERSION + "\\s*]]"));
        patterns.put("-- slurm@", Pattern.compile("(?m)^\\s*--\\s*slurm@=?" + VERSION + "\\b"));
        return patterns;
    }

    /**
     * The release a module file names.
     *
     * @param fileName the file's name, e.g. {@code 25-11-6-1.lua} (its version counts only when it has one)
     * @param content the file's text
     * @throws IllegalArgumentException when it names no release, or names different ones (quoting each)
     */
    public static ExactRelease parse(String fileName, String content) {
        Map<String, String> found = new LinkedHashMap<>();
        STATEMENTS.forEach((what, pattern) -> {
            Matcher m = pattern.matcher(content);
            if (m.find()) {
                found.put(what, m.group(1));
            }
        });
        Matcher name = FILE_NAME.matcher(fileName);
        if (name.matches()) {
            found.put("file name", name.group(1));
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("Module file " + fileName + " names no Slurm release: expected "
                    + "'local version = \"YY-MM-P-R\"' or 'whatis([[Version : YY-MM-P-R]])', as Slurm Factory renders it");
        }
        if (found.values().stream().distinct().count() > 1) {
            throw new IllegalArgumentException("Module file " + fileName + " names different Slurm releases: " + found);
        }
        return ExactRelease.ofSpack(found.values().iterator().next());
    }
}
