package ai.vantage.maven.slurm.bridge;

import java.util.Optional;

/**
 * One byte range of a {@code Range: bytes=…} header: {@code a-b}, {@code a-} or {@code -n}. Several ranges, other
 * units and malformed headers are ignored (the whole file is sent), as RFC 9110 allows.
 *
 * @param first the first byte
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {

    /** What a {@code Range} header asks of a file of {@code length} bytes. */
    sealed interface Request permits Whole, Part, Unsatisfiable {}

    /** The whole file. */
    record Whole() implements Request {}

    /** A part of it. */
    record Part(ByteRange range) implements Request {}

    /** A range that lies outside the file: 416. */
    record Unsatisfiable() implements Request {}

    long length() {
        return last - first + 1;
    }

    static Request parse(String header, long length) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return new Whole();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        Optional<Long> from = number(spec.substring(0, dash));
        Optional<Long> to = number(spec.substring(dash + 1));
        if (spec.substring(0, dash).isEmpty()) {
            if (to.isEmpty() || to.get() == 0) {
                return to.isEmpty() ? new Whole() : new Unsatisfiable();
            }
            return length == 0 ? new Unsatisfiable()
                    : new Part(new ByteRange(Math.max(0, length - to.get()), length - 1));
        }
        if (from.isEmpty() || (!spec.substring(dash + 1).isEmpty() && (to.isEmpty() || to.get() < from.get()))) {
            return new Whole();
        }
        if (from.get() >= length) {
            return new Unsatisfiable();
        }
        long last = to.isEmpty() ? length - 1 : Math.min(to.get(), length - 1);
        return new Part(new ByteRange(from.get(), last));
    }

    private static Optional<Long> number(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}
