package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Writes the tables of the docs that list what the code defines, so they cannot drift: the configuration keys from
 * {@link SlurmConfigurationKeys} (names and defaults from its constants, meanings from its Javadoc) and the goals'
 * parameters from the plugin descriptor (what {@code mvn slurm:help -Ddetail} shows). A table sits between a marker
 * line naming its source and {@link #END}; everything else in the file is left as it is.
 */
final class DocTables {

    static final String KEYS = "<!-- generated from SlurmConfigurationKeys: do not edit, see CONTRIBUTING.md -->";
    static final String PARAMETERS = "<!-- generated from the plugin descriptor: do not edit, see CONTRIBUTING.md -->";
    static final String END = "<!-- end of generated table -->";

    private static final Pattern JAVADOC_OF_KEY = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public static final String (CONFIG_PROP_\\w+)\\s*=", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("public static final String (CONFIG_PROP_\\w+)");
    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(?:code|literal|link) ((?:[^{}]|\\{[^{}]*})*)}");
    private static final String PER_REPOSITORY = "Per repository.";

    private final String keys;
    private final String parameters;

    private DocTables(String keys, String parameters) {
        this.keys = keys;
        this.parameters = parameters;
    }

    /** The tables as the code defines them now: the keys' Javadoc read from {@code keysSource}. */
    static DocTables of(Path keysSource) throws Exception {
        return new DocTables(keyTable(Files.readString(keysSource, StandardCharsets.UTF_8)), parameterTable());
    }

    /** {@code markdown} with each generated table replaced by what the code defines now. */
    String regenerate(String markdown) {
        return replace(replace(markdown, KEYS, keys), PARAMETERS, parameters);
    }

    private static String replace(String markdown, String begin, String table) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = markdown.indexOf(begin); at >= 0; at = markdown.indexOf(begin, from)) {
            int end = markdown.indexOf(END, at);
            if (end < 0) {
                throw new IllegalStateException("A generated table has no end line " + END);
            }
            out.append(markdown, from, at).append(begin).append('\n').append(table).append(END);
            from = end + END.length();
        }
        return out.append(markdown.substring(from)).toString();
    }

    /** key | default | per repository | meaning, in the order of the class. */
    static String keyTable(String source) throws IllegalAccessException {
        Map<String, String> javadoc = new LinkedHashMap<>();
        Matcher key = JAVADOC_OF_KEY.matcher(source);
        while (key.find()) {
            javadoc.put(key.group(2), text(key.group(1).replaceAll("(?m)^\\s*\\*", " ")));
        }
        Matcher declared = KEY.matcher(source);
        while (declared.find()) {
            if (!javadoc.containsKey(declared.group(1))) {
                throw new IllegalStateException(declared.group(1) + " has no Javadoc right above it: the table of "
                        + "keys in docs/configuration.md is made from it");
            }
        }
        StringBuilder table = new StringBuilder("| key | default | per repository | meaning |\n|---|---|---|---|\n");
        for (Map.Entry<String, String> entry : javadoc.entrySet()) {
            String name = entry.getKey().substring("CONFIG_PROP_".length());
            String meaning = entry.getValue();
            boolean perRepository = meaning.contains(PER_REPOSITORY);
            table.append("| `").append(constant(entry.getKey())).append("` | ")
                    .append(value(constant("DEFAULT_" + name))).append(" | ").append(perRepository ? "yes" : "no")
                    .append(" | ").append(cell(meaning.replace(PER_REPOSITORY, "").strip())).append(" |\n");
        }
        return table.toString();
    }

    /**
     * property | default | goals | meaning, one row per property and meaning (goals that share a property with
     * another meaning get a row of their own), sorted by property; the help goal's own parameters are left out.
     */
    static String parameterTable() throws Exception {
        Map<List<String>, List<String>> goalsByRow = new TreeMap<>(Comparator.comparing((List<String> row) -> row.get(0))
                .thenComparing(row -> row.get(1)).thenComparing(row -> row.get(2)));
        NodeList mojos = descriptor().getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = child(mojo, "goal").getTextContent().trim();
            if (goal.equals("help")) {
                continue;
            }
            Element configuration = child(mojo, "configuration");
            NodeList parameters = child(mojo, "parameters").getElementsByTagName("parameter");
            for (int j = 0; j < parameters.getLength(); j++) {
                Element parameter = (Element) parameters.item(j);
                if (!Boolean.parseBoolean(child(parameter, "editable").getTextContent().trim())) {
                    continue;
                }
                String name = child(parameter, "name").getTextContent().trim();
                Element value = child(configuration, name);
                String property = value.getTextContent().trim().replaceAll("^\\$\\{(.*)}$", "$1");
                String fallback = value.getAttribute("default-value");
                String meaning = text(child(parameter, "description").getTextContent());
                if (meaning.isEmpty()) {
                    throw new IllegalStateException("Parameter " + name + " of slurm:" + goal + " has no Javadoc: the "
                            + "table of parameters in docs/plugin.md (and slurm:help) shows it");
                }
                List<String> row = List.of(property, fallback.isEmpty() ? "—" : "`" + fallback + "`", meaning);
                goalsByRow.computeIfAbsent(row, r -> new ArrayList<>()).add(goal);
            }
        }
        StringBuilder table = new StringBuilder("| property | default | goals | meaning |\n|---|---|---|---|\n");
        goalsByRow.forEach((row, goals) -> table.append("| `").append(row.get(0)).append("` | ").append(row.get(1))
                .append(" | ").append(String.join(", ", goals)).append(" | ").append(cell(row.get(2))).append(" |\n"));
        return table.toString();
    }

    private static Document descriptor() throws Exception {
        try (InputStream in = DocTables.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            if (in == null) {
                throw new IllegalStateException("No META-INF/maven/plugin.xml: the plugin descriptor is built in "
                        + "process-classes, before the tests");
            }
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    /** The first direct child of {@code parent} named {@code name}. */
    private static Element child(Element parent, String name) {
        for (org.w3c.dom.Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        throw new IllegalStateException("No <" + name + "> in <" + parent.getTagName() + "> of the plugin descriptor");
    }

    private static String constant(String field) throws IllegalAccessException {
        try {
            Field constant = SlurmConfigurationKeys.class.getField(field);
            if (!Modifier.isStatic(constant.getModifiers())) {
                throw new IllegalStateException(field + " is not a constant");
            }
            return String.valueOf(constant.get(null));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("SlurmConfigurationKeys has no " + field + ": each CONFIG_PROP_X has a "
                    + "DEFAULT_X", e);
        }
    }

    private static String value(String fallback) {
        return fallback.isEmpty() ? "(none)" : "`" + fallback + "`";
    }

    /** Javadoc or descriptor text as one line of Markdown: inline tags as code, spaces collapsed. */
    private static String text(String doc) {
        return INLINE_TAG.matcher(doc).replaceAll(tag -> Matcher.quoteReplacement("`" + tag.group(1) + "`"))
                .replaceAll("\\s+", " ").strip();
    }

    /** A table cell: pipes escaped, angle brackets shown rather than read as HTML. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;");
    }
}
