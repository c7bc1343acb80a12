package ai.vantage.maven.slurm.upstream;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads keys of the cache from its base URLs, {@code http(s):} ({@link HttpOrigin}: retries, identity encoding) or a
 * {@code file:} copy ({@link FileOrigin}): {@code Range} resume of a body cut off mid-way, and failover to the next
 * base URL when one is down (remembered for the client's lifetime). 403, 404 and 410 mean "not here"
 * ({@link NotFoundException}). Thread-safe.
 */
public final class UpstreamClient {

    private final UpstreamSettings settings;
    private final UpstreamListener listener;
    private final Origin http;
    private final Origin file = new FileOrigin();
    private final Set<String> deadBases = ConcurrentHashMap.newKeySet();

    public UpstreamClient(UpstreamSettings settings, UpstreamListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.http = new HttpOrigin(settings, listener);
    }

    /** The base URLs, in failover order. */
    public List<String> baseUrls() {
        return settings.baseUrls();
    }

    /** The URL {@code key} has on the first base URL, for messages. */
    public String urlOf(String key) {
        return settings.baseUrls().get(0) + key;
    }

    /**
     * Opens {@code key} for reading. The returned stream resumes by itself when the connection breaks, so it reads
     * {@link Download#length()} bytes or fails.
     *
     * @throws NotFoundException when the cache has no such key
     * @throws IOException when no base URL answers
     */
    public Download open(String key) throws IOException {
        return onLiveBases(key, 0, (index, base) -> {
            return new Download(new ResumingStream(index, key, read(base, key, 0, false)));
        });
    }

    /**
     * The size of {@code key} (a HEAD request), or empty when the cache has no such key.
     *
     * @throws IOException when no base URL answers
     */
    public OptionalLong length(String key) throws IOException {
        Optional<Head> head = head(key);
        return head.isPresent() ? OptionalLong.of(head.get().length()) : OptionalLong.empty();
    }

    /**
     * The size and {@code Last-Modified} time of {@code key} (a HEAD request), or empty when the cache has no such
     * key.
     *
     * @throws IOException when no base URL answers
     */
    public Optional<Head> head(String key) throws IOException {
        try {
            Origin.Response response = onLiveBases(key, 0, (index, base) -> read(base, key, 0, true));
            return Optional.of(new Head(response.length(),
                    response.lastModified() <= 0 ? null : Instant.ofEpochMilli(response.lastModified())));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * What a HEAD request tells of a key.
     *
     * @param length its size in bytes, {@code -1} when the server did not say
     * @param lastModified its {@code Last-Modified} time, or null when the server did not say
     */
    public record Head(long length, Instant lastModified) {}

    /**
     * Reads a small key whole (a signature, a key manifest), or empty when the cache has no such key.
     *
     * @throws IOException when no base URL answers, or the body is over {@code maxBytes}
     */
    public Optional<byte[]> fetch(String key, int maxBytes) throws IOException {
        try (Download download = open(key)) {
            if (download.length() > maxBytes) {
                throw new IOException(download.url() + " has " + download.length() + " bytes, more than the "
                        + maxBytes + " expected");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = download.stream().read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
                if (bytes.size() > maxBytes) {
                    throw new IOException(download.url() + " is longer than the " + maxBytes + " bytes expected");
                }
            }
            return Optional.of(bytes.toByteArray());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The immediate sub-folders of {@code prefix}, as full prefixes ending with {@code /}: the directories of a
     * {@code file:} copy, the S3 listing of an {@code http(s):} base URL; from the first base URL that answers.
     *
     * @throws IOException when no base URL answers, or the listing is turned off
     */
    public List<String> folders(String prefix) throws IOException {
        return onLiveBases(prefix, 0, (index, base) -> origin(base).folders(base, prefix));
    }

    /** What is asked of one base URL; {@link Unavailable} moves on to the next. */
    @FunctionalInterface
    private interface BaseCall<T> {
        T call(int index, String base) throws IOException;
    }

    /** {@code call} on the base URLs from {@code from} on that are not given up on, until one answers. */
    private <T> T onLiveBases(String key, int from, BaseCall<T> call) throws IOException {
        List<String> failures = new ArrayList<>();
        for (int i = from; i < settings.baseUrls().size(); i++) {
            String base = settings.baseUrls().get(i);
            if (deadBases.contains(base)) {
                continue;
            }
            try {
                return call.call(i, base);
            } catch (Unavailable e) {
                failures.add(base + ": " + e.getMessage());
                if (settings.baseUrls().size() > 1) {
                    deadBases.add(base);
                    listener.failover(URI.create(base), e.getMessage());
                }
            }
        }
        throw new IOException("The Slurm cache cannot be reached for " + key + " after "
                + (settings.retries() + 1) + " attempt(s) per base URL: "
                + (failures.isEmpty() ? "every base URL failed earlier in this build" : String.join("; ", failures))
                + ". Add further base URLs with -Dslurm.mirrors=<url>,… (e.g. the S3 origin)");
    }

    private Origin origin(String base) {
        return base.startsWith("file:") ? file : http;
    }

    private Origin.Response read(String base, String key, long offset, boolean head) throws IOException {
        return origin(base).read(URI.create(base + key), offset, head);
    }

    /** A body that reopens at the byte it stopped at when the connection breaks. */
    private final class ResumingStream extends InputStream {
        private final String key;
        private int base;
        private Origin.Response current;
        private final long total;
        private long received;
        private int resumes;

        ResumingStream(int base, String key, Origin.Response first) {
            this.base = base;
            this.key = key;
            this.current = first;
            this.total = first.length();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            while (true) {
                try {
                    int n = current.body().read(buffer, off, len);
                    if (n < 0 && total >= 0 && received < total) {
                        throw new EOFException("connection closed after " + received + " of " + total + " bytes");
                    }
                    if (n > 0) {
                        received += n;
                    }
                    return n;
                } catch (IOException e) {
                    if (e instanceof NotFoundException) {
                        throw e;
                    }
                    resume(e);
                }
            }
        }

        private void resume(IOException cause) throws IOException {
            closeQuietly();
            if (resumes++ >= settings.retries() || current.url().getScheme().equals("file")) {
                throw new IOException("Download of " + current.url() + " broke off after " + received + " of " + total
                        + " bytes: " + cause.getMessage(), cause);
            }
            listener.resuming(current.url(), received);
            current = onLiveBases(key, base, (index, url) -> {
                Origin.Response response = UpstreamClient.this.read(url, key, received, false);
                base = index;
                return response;
            });
        }

        private void closeQuietly() {
            try {
                current.body().close();
            } catch (IOException e) {
                // the connection is gone already
            }
        }

        @Override
        public void close() throws IOException {
            current.body().close();
        }
    }

    /** An open key: its total length ({@code -1} when the server did not say), where it comes from, its bytes. */
    public static final class Download implements AutoCloseable {
        private final ResumingStream stream;

        private Download(ResumingStream stream) {
            this.stream = stream;
        }

        /** Where the bytes come from now: another base URL after a failover mid-way. */
        public URI url() {
            return stream.current.url();
        }

        public long length() {
            return stream.total;
        }

        public InputStream stream() {
            return stream;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
