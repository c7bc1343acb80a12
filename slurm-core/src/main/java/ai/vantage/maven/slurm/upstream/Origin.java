package ai.vantage.maven.slurm.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

/** One kind of base URL of the cache, {@code file:} or {@code http(s):}: how a key is read and a folder listed. */
interface Origin {

    /**
     * Reads {@code url} from byte {@code offset}; a HEAD ({@code head}) reads only the length.
     *
     * @throws NotFoundException when there is no such key
     * @throws Unavailable when the base URL does not answer (worth failing over)
     */
    Response read(URI url, long offset, boolean head) throws IOException;

    /**
     * The immediate sub-folders of {@code prefix} under {@code base}, as full prefixes ending with {@code /}.
     *
     * @throws Unavailable when the base URL does not answer (worth failing over)
     * @throws IOException when it cannot be listed
     */
    List<String> folders(String base, String prefix) throws IOException;

    /**
     * One answer: a body stream positioned at the requested offset, its remaining length, its {@code Last-Modified}
     * time in epoch milliseconds ({@code 0} when unknown) and where it came from.
     */
    record Response(URI url, long length, long lastModified, InputStream body) {}
}
