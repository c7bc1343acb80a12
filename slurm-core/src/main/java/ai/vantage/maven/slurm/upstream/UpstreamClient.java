package ai.vantage.maven.slurm.upstream;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads keys of the cache over HTTP(S) or from a {@code file:} copy, the way a long download over a CDN needs:
 * identity encoding (a {@code .tar.gz} must never be re-encoded in transit), retries with exponential backoff after
 * connection errors and 5xx answers, {@code Range} resume of a body cut off mid-way, and failover to the next base
 * URL when one is down (remembered for the client's lifetime). 403, 404 and 410 mean "not here"
 * ({@link NotFoundException}). Thread-safe.
 */
public final class UpstreamClient {

    private static final String USER_AGENT = "slurm-maven-bridge";

    private final UpstreamSettings settings;
    private final UpstreamListener listener;
    private final Set<String> deadBases = ConcurrentHashMap.newKeySet();

    public UpstreamClient(UpstreamSettings settings, UpstreamListener listener) {
        this.settings = settings;
        this.listener = listener;
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
        return openFrom(key, new ArrayList<>());
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
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < settings.baseUrls().size(); i++) {
            String base = settings.baseUrls().get(i);
            if (deadBases.contains(base)) {
                continue;
            }
            try {
                Response response = request(base, key, 0, true);
                return Optional.of(new Head(response.length,
                        response.lastModified <= 0 ? null : Instant.ofEpochMilli(response.lastModified)));
            } catch (NotFoundException e) {
                return Optional.empty();
            } catch (Unavailable e) {
                giveUp(base, e, failures);
            }
        }
        throw unreachable(key, failures);
    }

    /**
     * What a HEAD request tells of a key.
     *
     * @param length its size in bytes, {@code -1} when the server did not say
     * @param lastModified its {@code Last-Modified} time, or null when the server did not say
     */
    public record Head(long length, Instant lastModified) {}

    /**
     * Reads a small key whole (a listing page, a key manifest), or empty when the cache has no such key.
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

    private Download openFrom(String key, List<String> failures) throws IOException {
        for (int i = 0; i < settings.baseUrls().size(); i++) {
            String base = settings.baseUrls().get(i);
            if (deadBases.contains(base)) {
                continue;
            }
            try {
                Response response = request(base, key, 0, false);
                return new Download(response.url, response.length, new ResumingStream(i, key, response));
            } catch (Unavailable e) {
                giveUp(base, e, failures);
            }
        }
        throw unreachable(key, failures);
    }

    private void giveUp(String base, Unavailable e, List<String> failures) {
        failures.add(base + ": " + e.getMessage());
        if (settings.baseUrls().size() > 1) {
            deadBases.add(base);
            listener.failover(URI.create(base), e.getMessage());
        }
    }

    private IOException unreachable(String key, List<String> failures) {
        return new IOException("The Slurm cache cannot be reached for " + key + " after "
                + (settings.retries() + 1) + " attempt(s) per base URL: "
                + (failures.isEmpty() ? "every base URL failed earlier in this build" : String.join("; ", failures))
                + ". Add further base URLs with -Dslurm.mirrors=<url>,… (e.g. the S3 origin)");
    }

    /** One answer: a body stream positioned at the requested offset, its remaining length and where it came from. */
    private record Response(URI url, long length, long lastModified, InputStream body) {}

    private Response request(String base, String key, long offset, boolean head) throws IOException {
        URI url = URI.create(base + key);
        if (url.getScheme().equals("file")) {
            return file(url, offset);
        }
        long delay = settings.backoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                return http(url, offset, head);
            } catch (Unavailable e) {
                if (attempt >= settings.retries()) {
                    throw e;
                }
                listener.retrying(url, e.getMessage(), attempt + 1, delay);
                sleep(delay);
                delay *= 2;
            }
        }
    }

    private static Response file(URI url, long offset) throws IOException {
        Path path = Path.of(url);
        try {
            SeekableByteChannel channel = Files.newByteChannel(path);
            long size = channel.size();
            channel.position(Math.min(offset, size));
            return new Response(url, size - Math.min(offset, size), Files.getLastModifiedTime(path).toMillis(),
                    Channels.newInputStream(channel));
        } catch (NoSuchFileException e) {
            throw new NotFoundException(url + " does not exist");
        }
    }

    private Response http(URI url, long offset, boolean head) throws IOException {
        HttpURLConnection connection;
        int status;
        try {
            connection = open(url, offset, head);
            status = connection.getResponseCode();
        } catch (InterruptedIOException e) {
            throw new Unavailable("timed out: " + e.getMessage());
        } catch (IOException e) {
            throw new Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (status == 403 || status == 404 || status == 410) {
            drain(connection);
            throw new NotFoundException(url + " answered " + status);
        }
        if (status >= 500 || status == 429) {
            drain(connection);
            throw new Unavailable("HTTP " + status + " from " + url);
        }
        if (status != 200 && status != 206) {
            drain(connection);
            throw new IOException("HTTP " + status + " " + connection.getResponseMessage() + " from " + url
                    + (status == 401 || status == 407 ? ": check the <server> or <proxy> credentials in settings.xml" : ""));
        }
        long length = connection.getContentLengthLong();
        if (head) {
            return new Response(url, length, connection.getLastModified(), InputStream.nullInputStream());
        }
        InputStream body;
        try {
            body = connection.getInputStream();
        } catch (IOException e) {
            throw new Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (status == 206) {
            String range = connection.getHeaderField("Content-Range");
            if (range == null || !range.startsWith("bytes " + offset + "-")) {
                body.close();
                throw new Unavailable("a resumed answer from " + url + " starts elsewhere (" + range + ")");
            }
        } else if (offset > 0) {
            // The server ignored the Range: skip what was read already. The signature check after the download
            // refuses the result if the object changed in the meantime.
            skipFully(body, offset);
            length = length < 0 ? -1 : length - offset;
        }
        return new Response(url, length, connection.getLastModified(), body);
    }

    private HttpURLConnection open(URI url, long offset, boolean head) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection(settings.proxy());
        connection.setInstanceFollowRedirects(true);
        connection.setConnectTimeout((int) settings.connectTimeout().toMillis());
        connection.setReadTimeout((int) settings.readTimeout().toMillis());
        connection.setRequestMethod(head ? "HEAD" : "GET");
        connection.setRequestProperty("Accept-Encoding", "identity");
        connection.setRequestProperty("User-Agent", USER_AGENT);
        if (offset > 0) {
            connection.setRequestProperty("Range", "bytes=" + offset + "-");
        }
        UpstreamSettings.Credentials server = settings.serverCredentials();
        if (server != null) {
            String token = server.user() + ":" + server.password();
            connection.setRequestProperty("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        UpstreamSettings.Credentials proxy = settings.proxyCredentials();
        if (proxy != null) {
            connection.setAuthenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY
                            ? new PasswordAuthentication(proxy.user(), proxy.password().toCharArray())
                            : null;
                }
            });
        }
        return connection;
    }

    private static void drain(HttpURLConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            if (error != null) {
                error.transferTo(java.io.OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            // nothing to keep from an error body
        }
    }

    private static void skipFully(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the answer is shorter than the " + bytes + " bytes already read");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** A connection error, timeout or 5xx: worth retrying, then failing over. */
    private static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** A body that reopens at the byte it stopped at when the connection breaks. */
    private final class ResumingStream extends InputStream {
        private final String key;
        private int base;
        private Response current;
        private final long total;
        private long received;
        private int resumes;

        ResumingStream(int base, String key, Response first) {
            this.base = base;
            this.key = key;
            this.current = first;
            this.total = first.length;
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
                    int n = current.body.read(buffer, off, len);
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
            if (resumes++ >= settings.retries() || current.url.getScheme().equals("file")) {
                throw new IOException("Download of " + current.url + " broke off after " + received + " of " + total
                        + " bytes: " + cause.getMessage(), cause);
            }
            listener.resuming(current.url, received);
            List<String> failures = new ArrayList<>();
            for (int i = base; i < settings.baseUrls().size(); i++) {
                String url = settings.baseUrls().get(i);
                if (deadBases.contains(url)) {
                    continue;
                }
                try {
                    current = request(url, key, received, false);
                    base = i;
                    return;
                } catch (Unavailable e) {
                    giveUp(url, e, failures);
                }
            }
            throw unreachable(key, failures);
        }

        private void closeQuietly() {
            try {
                current.body.close();
            } catch (IOException e) {
                // the connection is gone already
            }
        }

        @Override
        public void close() throws IOException {
            current.body.close();
        }
    }

    /** An open key: its total length ({@code -1} when the server did not say), where it came from, its bytes. */
    public static final class Download implements AutoCloseable {
        private final URI url;
        private final long length;
        private final InputStream stream;

        Download(URI url, long length, InputStream stream) {
            this.url = url;
            this.length = length;
            this.stream = stream;
        }

        public URI url() {
            return url;
        }

        public long length() {
            return length;
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
