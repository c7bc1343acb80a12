package ai.vantage.maven.slurm.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The cache over HTTP(S), as a long download over a CDN needs it: identity encoding (a {@code .tar.gz} must never be
 * re-encoded in transit), retries with exponential backoff after connection errors and 5xx answers, {@code Range}
 * reads from an offset, and folders from the S3 ListObjectsV2 listing.
 */
final class HttpOrigin implements Origin {

    private static final String USER_AGENT = "slurm-maven-bridge";
    private static final int MAX_PAGE_BYTES = 4 << 20;
    private static final int MAX_PAGES = 100;

    private final UpstreamSettings settings;
    private final UpstreamListener listener;

    HttpOrigin(UpstreamSettings settings, UpstreamListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    public Response read(URI url, long offset, boolean head) throws IOException {
        long delay = settings.backoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                return once(url, offset, head);
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

    @Override
    public List<String> folders(String base, String prefix) throws IOException {
        List<String> folders = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            URI query = URI.create(base + "?list-type=2&delimiter=%2F&prefix=" + encode(prefix)
                    + (token == null ? "" : "&continuation-token=" + encode(token)));
            S3ListingPage listing;
            try (InputStream body = read(query, 0, false).body()) {
                byte[] bytes = body.readNBytes(MAX_PAGE_BYTES + 1);
                if (bytes.length > MAX_PAGE_BYTES) {
                    throw new IOException(query + " is longer than the " + MAX_PAGE_BYTES + " bytes expected");
                }
                listing = S3ListingPage.parse(bytes);
            } catch (NotFoundException e) {
                throw new IOException("The cache's listing is turned off (" + query + " answered 403/404)", e);
            }
            folders.addAll(listing.commonPrefixes());
            token = listing.nextContinuationToken();
            if (token == null) {
                return folders;
            }
        }
        throw new IOException("The cache's listing of " + prefix + " has more than " + MAX_PAGES + " pages");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Response once(URI url, long offset, boolean head) throws IOException {
        HttpURLConnection connection;
        int status;
        try {
            connection = connect(url, offset, head);
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

    private HttpURLConnection connect(URI url, long offset, boolean head) throws IOException {
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
        UpstreamSettings.Credentials server = settings.credentialsFor(url);
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
}
