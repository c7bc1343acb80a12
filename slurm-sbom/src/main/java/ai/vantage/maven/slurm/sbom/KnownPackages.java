package ai.vantage.maven.slurm.sbom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The table of known upstreams ({@code known-packages.tsv} beside this class, which cites where each CPE name was
 * looked up): per Spack package, the supplier and the CPE 2.3 vendor and product NVD tracks its CVEs under.
 */
final class KnownPackages {

    /**
     * One row.
     *
     * @param supplier the organisation that publishes the package
     * @param cpeVendor NVD's vendor, empty when NVD has none known
     * @param cpeProduct NVD's product, empty when NVD has none known
     */
    record Known(String supplier, Optional<String> cpeVendor, Optional<String> cpeProduct) {

        /** The CPE 2.3 formatted string of {@code version}, when NVD's names are known. */
        Optional<String> cpe(String version) {
            return cpeVendor.map(vendor -> "cpe:2.3:a:" + vendor + ":" + cpeProduct.orElseThrow() + ":"
                    + escape(version) + ":*:*:*:*:*:*:*");
        }

        /** CPE 2.3's formatted-string escaping: a backslash before every character but letters, digits, {@code ._-}. */
        private static String escape(String value) {
            StringBuilder escaped = new StringBuilder();
            for (char c : value.toCharArray()) {
                if (!Character.isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                    escaped.append('\\');
                }
                escaped.append(c);
            }
            return escaped.toString();
        }
    }

    private static final String TABLE = "known-packages.tsv";
    private static final Map<String, Known> ROWS = load();

    private KnownPackages() {}

    /** The row of Spack package {@code name}, if the table has one. */
    static Optional<Known> of(String name) {
        return Optional.ofNullable(ROWS.get(name));
    }

    private static Map<String, Known> load() {
        Map<String, Known> rows = new LinkedHashMap<>();
        try (InputStream in = KnownPackages.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length != 5) {
                    throw new IllegalStateException(TABLE + ": expected 5 tab-separated columns, got: " + line);
                }
                rows.put(columns[0], new Known(columns[1], known(columns[2]), known(columns[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Optional<String> known(String column) {
        return column.equals("-") ? Optional.empty() : Optional.of(column);
    }
}
