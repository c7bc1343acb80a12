package ai.vantage.maven.slurm.bridge;

import java.util.Locale;

/** Sizes as operators write them: {@code 1048576}, {@code 512k}, {@code 500m}, {@code 50g}, {@code 1t} (powers of 1024). */
public final class ByteSize {

    private ByteSize() {}

    /**
     * Parses a size.
     *
     * @param name the option or parameter, for the message
     * @throws IllegalArgumentException naming {@code name}, the value and the valid forms
     */
    public static long parse(String name, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        int units = "kmgt".indexOf(v.isEmpty() ? ' ' : v.charAt(v.length() - 1));
        if (units >= 0) {
            factor = 1L << (10 * (units + 1));
            v = v.substring(0, v.length() - 1);
        }
        try {
            long number = Long.parseLong(v);
            if (number > 0 && number <= Long.MAX_VALUE / factor) {
                return number * factor;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid " + name + " '" + value
                + "': expected a size > 0 in bytes, or with k, m, g or t (e.g. 500m, 50g)");
    }
}
