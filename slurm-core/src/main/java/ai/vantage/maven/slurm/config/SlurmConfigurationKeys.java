package ai.vantage.maven.slurm.config;

/**
 * Every configuration key of the bridge, with its default. Keys are read from Maven's session configuration
 * (user properties {@code -Dkey=value}, {@code .mvn/maven.config}, system properties); where a key says
 * "per repository", {@code <key>.<repoId>} is looked up first, then {@code <key>}. The {@code slurm.pgp.*} keys are
 * one per build (no per-repository form): the transport, the post-processor and the plugin share one trust. The table
 * of keys in {@code docs/configuration.md} is generated from this class (its constants and Javadoc): each
 * {@code CONFIG_PROP_X} has a {@code DEFAULT_X} and a Javadoc saying what it does, its type and whether it is per
 * repository.
 */
public final class SlurmConfigurationKeys {

    private SlurmConfigurationKeys() {}

    /** The prefix of every key. */
    public static final String PREFIX = "slurm.";

    /**
     * Further base URLs of the cache, comma-separated, tried in order when the repository's own URL is down (for
     * example the S3 origin behind the CDN, {@code https://slurm-factory-spack-buildcache-4b670.s3.amazonaws.com/}).
     * Type: String (URLs, {@code https:}, {@code http:} or {@code file:}; an entry {@code <server-id>=<url>} sends the
     * credentials of that settings.xml {@code <server>} to it, a bare URL gets none).
     * Per repository.
     */
    public static final String CONFIG_PROP_MIRRORS = PREFIX + "mirrors";

    public static final String DEFAULT_MIRRORS = "";

    /**
     * The layout generations to probe, in order: names of built-in generations ({@code current}, {@code previous},
     * {@code documented}) or templates of one's own over {@code {series}}, {@code {toolchain}} and {@code {arch}}.
     * Type: String. Per repository.
     */
    public static final String CONFIG_PROP_LAYOUTS = PREFIX + "layouts";

    public static final String DEFAULT_LAYOUTS = "current,previous,documented";

    /**
     * Whether {@code maven-metadata.xml} lists the series found in the cache's S3 listing; when false, or when the
     * listing does not answer, the built-in table of known series is used. Type: Boolean. Per repository.
     */
    public static final String CONFIG_PROP_LISTING = PREFIX + "listing";

    public static final boolean DEFAULT_LISTING = true;

    /** Connect timeout in milliseconds. Type: Integer. Per repository. */
    public static final String CONFIG_PROP_CONNECT_TIMEOUT = PREFIX + "connectTimeout";

    public static final int DEFAULT_CONNECT_TIMEOUT = 10_000;

    /** Longest wait for the next byte of an answer, in milliseconds. Type: Integer. Per repository. */
    public static final String CONFIG_PROP_REQUEST_TIMEOUT = PREFIX + "requestTimeout";

    public static final int DEFAULT_REQUEST_TIMEOUT = 60_000;

    /**
     * How often a request is retried after a connection error, a cut-off body (resumed with {@code Range}) or a 5xx
     * answer, per base URL.
     * Type: Integer. Per repository.
     */
    public static final String CONFIG_PROP_RETRIES = PREFIX + "retries";

    public static final int DEFAULT_RETRIES = 3;

    /** The first retry's delay in milliseconds; each further retry doubles it. Type: Integer. Per repository. */
    public static final String CONFIG_PROP_RETRY_BACKOFF = PREFIX + "retryBackoff";

    public static final int DEFAULT_RETRY_BACKOFF = 500;

    /**
     * How often a running Slurm tarball download logs a progress line (bytes so far of total, rate, base URL), in
     * milliseconds; 0 turns the lines off. Type: Integer.
     */
    public static final String CONFIG_PROP_PROGRESS_INTERVAL = PREFIX + "progressInterval";

    public static final int DEFAULT_PROGRESS_INTERVAL = 10_000;

    /**
     * The trusted signing keys: full 40-hex fingerprints of primary keys, comma-separated. A signature by one of
     * them or by one of their signing subkeys is trusted; no other is. Type: String.
     */
    public static final String CONFIG_PROP_PGP_FINGERPRINTS = PREFIX + "pgp.fingerprints";

    /** The Slurm Factory Spack Cache Signing Key of Vantage Compute Corporation. */
    public static final String DEFAULT_PGP_FINGERPRINTS = "FDEA90667641505264EFD114DFB92630BCA5AB71";

    /**
     * Files holding public keys (armored or binary keyrings), comma-separated. Key material grants no trust by
     * itself: only the fingerprints do. Relative paths are resolved against the top-level project directory
     * ({@code maven.multiModuleProjectDirectory}, where {@code .mvn/} is), for the extension and the plugin alike.
     * Type: String (paths).
     */
    public static final String CONFIG_PROP_PGP_KEYS = PREFIX + "pgp.keys";

    public static final String DEFAULT_PGP_KEYS = "";

    /**
     * Whether the pinned keys' public material may be fetched from the cache's Spack mirrors when no local copy has
     * it (kept in {@code <local repository>/.cache/slurm/pgp-keys/}). Type: Boolean.
     */
    public static final String CONFIG_PROP_PGP_FETCH_KEYS = PREFIX + "pgp.fetchKeys";

    public static final boolean DEFAULT_PGP_FETCH_KEYS = true;

    /**
     * Builds that may be used without a valid signature, as {@code <series>:<classifier>} comma-separated (for
     * example {@code 25.11:noble}); for private test builds only. Every use logs a warning. Type: String.
     */
    public static final String CONFIG_PROP_PGP_ALLOW_UNSIGNED = PREFIX + "pgp.allowUnsigned";

    public static final String DEFAULT_PGP_ALLOW_UNSIGNED = "";

    /**
     * Accepts, once and with a warning, a signature older than the newest one already accepted for the same build
     * (rollback protection); the older time then becomes the newest accepted. Applies wherever signature times are
     * checked: at resolution through the extension, and in {@code slurm:install}, {@code slurm:verify} and
     * {@code slurm:lock}. Type: Boolean.
     */
    public static final String CONFIG_PROP_ALLOW_DOWNGRADE = PREFIX + "allowDowngrade";

    public static final boolean DEFAULT_ALLOW_DOWNGRADE = false;
}
