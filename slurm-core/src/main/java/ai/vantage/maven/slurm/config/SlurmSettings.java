package ai.vantage.maven.slurm.config;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.pgp.KeySource;
import ai.vantage.maven.slurm.pgp.KeySources;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.pgp.UnsignedAllowList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every {@link SlurmConfigurationKeys} setting of one build, read once by one set of rules and checked whole: the
 * trust (pinned fingerprints, key files, key fetching, the allow-unsigned list) is one per build; what reaches the
 * cache (mirrors, layouts, listing, timeouts, retries) may be set per repository ({@code <key>.<repoId>}). Relative
 * key file paths are resolved against the top-level project directory ({@value #PROJECT_DIRECTORY}) for the
 * transport, the post-processor and the plugin alike. Immutable.
 */
public final class SlurmSettings {

    /** The configuration property Maven sets to the top-level project directory. */
    public static final String PROJECT_DIRECTORY = "maven.multiModuleProjectDirectory";

    /** The keys that may be set per repository as {@code <key>.<repoId>}. */
    static final List<String> PER_REPOSITORY = List.of(SlurmConfigurationKeys.CONFIG_PROP_MIRRORS,
            SlurmConfigurationKeys.CONFIG_PROP_LAYOUTS, SlurmConfigurationKeys.CONFIG_PROP_LISTING,
            SlurmConfigurationKeys.CONFIG_PROP_CONNECT_TIMEOUT, SlurmConfigurationKeys.CONFIG_PROP_REQUEST_TIMEOUT,
            SlurmConfigurationKeys.CONFIG_PROP_RETRIES, SlurmConfigurationKeys.CONFIG_PROP_RETRY_BACKOFF);

    private final Map<String, String> properties;
    private final Path projectDirectory;
    private final Path keyCache;
    private final Path signatureTimes;
    private final TrustedKeys trusted;
    private final List<Path> keyFiles;
    private final boolean fetchKeys;
    private final SignaturePolicy policy;
    private final Duration progressInterval;
    private final boolean allowDowngrade;

    private SlurmSettings(Map<?, ?> properties, Path projectDirectory, Path keyCache, Path signatureTimes) {
        this.properties = Map.copyOf(properties.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString(),
                        (a, b) -> b)));
        this.projectDirectory = projectDirectory;
        this.keyCache = keyCache;
        this.signatureTimes = signatureTimes;
        SlurmConfig config = new SlurmConfig(this.properties, null);
        this.trusted = parse(config, SlurmConfigurationKeys.CONFIG_PROP_PGP_FINGERPRINTS,
                SlurmConfigurationKeys.DEFAULT_PGP_FINGERPRINTS, TrustedKeys::parse);
        this.keyFiles = keyFiles(config, projectDirectory);
        this.fetchKeys = config.getBoolean(SlurmConfigurationKeys.CONFIG_PROP_PGP_FETCH_KEYS,
                SlurmConfigurationKeys.DEFAULT_PGP_FETCH_KEYS);
        this.policy = new SignaturePolicy(parse(config, SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED,
                SlurmConfigurationKeys.DEFAULT_PGP_ALLOW_UNSIGNED,
                value -> UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, value)));
        this.progressInterval = Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_PROGRESS_INTERVAL,
                SlurmConfigurationKeys.DEFAULT_PROGRESS_INTERVAL));
        this.allowDowngrade = config.getBoolean(SlurmConfigurationKeys.CONFIG_PROP_ALLOW_DOWNGRADE,
                SlurmConfigurationKeys.DEFAULT_ALLOW_DOWNGRADE);
        repository(null);
        for (Object key : this.properties.keySet()) {
            for (String perRepository : PER_REPOSITORY) {
                if (key.toString().startsWith(perRepository + ".")) {
                    repository(key.toString().substring(perRepository.length() + 1));
                }
            }
        }
    }

    /**
     * The settings of a build, checked whole.
     *
     * @param properties the session's configuration properties (user and system properties); the top-level project
     *     directory is read from {@value #PROJECT_DIRECTORY}, else the working directory
     * @param localRepository the local repository, whose {@link KeySources#LOCAL_REPOSITORY_KEY_CACHE} caches keys
     *     and whose {@link SignatureTimeLedger#LOCAL_REPOSITORY_FOLDER} keeps the newest signature times accepted
     * @throws IllegalArgumentException naming the first invalid key, its value and what is valid
     */
    public static SlurmSettings of(Map<?, ?> properties, Path localRepository) {
        Object root = properties.get(PROJECT_DIRECTORY);
        Path projectDirectory = root == null || root.toString().isBlank() ? Path.of("").toAbsolutePath()
                : Path.of(root.toString()).toAbsolutePath();
        return new SlurmSettings(properties, projectDirectory,
                localRepository.resolve(KeySources.LOCAL_REPOSITORY_KEY_CACHE),
                localRepository.resolve(SignatureTimeLedger.LOCAL_REPOSITORY_FOLDER));
    }

    /**
     * The settings of a program outside Maven (the bridge server's jar), which keeps no signature times.
     *
     * @param properties the {@code slurm.*} settings
     * @param projectDirectory what relative key files resolve against
     * @param keyCache the folder of the offline key cache, or null for none
     * @throws IllegalArgumentException naming the first invalid key, its value and what is valid
     */
    public static SlurmSettings of(Map<?, ?> properties, Path projectDirectory, Path keyCache) {
        return new SlurmSettings(properties, projectDirectory.toAbsolutePath(), keyCache, null);
    }

    private static <T> T parse(SlurmConfig config, String key, String defaultValue, Function<String, T> parser) {
        String value = config.getString(key, defaultValue);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, e.getMessage());
        }
    }

    static IllegalArgumentException invalid(String key, String value, String reason) {
        return new IllegalArgumentException("Invalid setting " + key + "=" + value + ": " + reason);
    }

    private static List<Path> keyFiles(SlurmConfig config, Path projectDirectory) {
        String key = SlurmConfigurationKeys.CONFIG_PROP_PGP_KEYS;
        List<Path> files = new ArrayList<>();
        for (String name : config.getList(key, SlurmConfigurationKeys.DEFAULT_PGP_KEYS)) {
            Path file = projectDirectory.resolve(name).normalize();
            String valid = "a readable file of public keys (`gpg --export --armor <fingerprint>`), relative to the "
                    + "top-level project directory " + projectDirectory;
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw invalid(key, name, file + " does not exist or cannot be read; expected " + valid);
            }
            try {
                KeySources.files(List.of(file)).find("0".repeat(40)); // reads and parses the whole file
            } catch (IOException e) {
                throw invalid(key, name, e.getMessage() + "; expected " + valid);
            }
            files.add(file);
        }
        return List.copyOf(files);
    }

    /** The top-level project directory, against which relative paths resolve. */
    public Path projectDirectory() {
        return projectDirectory;
    }

    /** The pinned keys. */
    public TrustedKeys trusted() {
        return trusted;
    }

    /** Whether a build may be used after its signature check ({@code slurm.pgp.allowUnsigned} applied). */
    public SignaturePolicy policy() {
        return policy;
    }

    /**
     * The rollback protection of the local repository: the newest signature time accepted per coordinate.
     *
     * @param warn told of every downgrade accepted under {@code slurm.allowDowngrade}
     * @throws IllegalStateException for settings made without a local repository
     */
    public SignatureTimeLedger signatureTimes(Consumer<String> warn) {
        if (signatureTimes == null) {
            throw new IllegalStateException("These settings were made without a local repository");
        }
        return signatureTimes(signatureTimes, warn);
    }

    /**
     * The rollback protection kept in {@code folder} (a bridge server's cache folder), under these settings'
     * {@code slurm.allowDowngrade}.
     */
    public SignatureTimeLedger signatureTimes(Path folder, Consumer<String> warn) {
        return new SignatureTimeLedger(folder, allowDowngrade, warn);
    }

    /** How often a running transfer logs its progress; zero means never. */
    public Duration progressInterval() {
        return progressInterval;
    }

    /**
     * A verifier with the pinned keys, the key files, the local repository's key cache and, when key fetching is on
     * and {@code remote} is given, keys from the cache.
     *
     * @param remote the cache's key source, or null
     */
    public SignatureVerifier verifier(KeySource remote) {
        SignatureVerifier.Builder builder = SignatureVerifier.builder(trusted).keyFiles(keyFiles).keyCache(keyCache);
        if (fetchKeys && remote != null) {
            builder.remoteKeys(remote);
        }
        return builder.build();
    }

    /** The settings of repository {@code repositoryId}: its own {@code <key>.<repoId>} values, else the general ones. */
    public RepositorySettings repository(String repositoryId) {
        SlurmConfig config = new SlurmConfig(properties, repositoryId);
        return new RepositorySettings(
                parse(config, repositoryId, SlurmConfigurationKeys.CONFIG_PROP_MIRRORS,
                        SlurmConfigurationKeys.DEFAULT_MIRRORS, RepositorySettings::mirrors),
                parse(config, repositoryId, SlurmConfigurationKeys.CONFIG_PROP_LAYOUTS,
                        SlurmConfigurationKeys.DEFAULT_LAYOUTS, CacheLayout::parse),
                config.getBoolean(SlurmConfigurationKeys.CONFIG_PROP_LISTING, SlurmConfigurationKeys.DEFAULT_LISTING),
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_CONNECT_TIMEOUT,
                        SlurmConfigurationKeys.DEFAULT_CONNECT_TIMEOUT)),
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_REQUEST_TIMEOUT,
                        SlurmConfigurationKeys.DEFAULT_REQUEST_TIMEOUT)),
                config.getInt(SlurmConfigurationKeys.CONFIG_PROP_RETRIES, SlurmConfigurationKeys.DEFAULT_RETRIES),
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_RETRY_BACKOFF,
                        SlurmConfigurationKeys.DEFAULT_RETRY_BACKOFF)));
    }

    /** {@link #parse(SlurmConfig, String, String, Function)}, naming {@code <key>.<repoId>} when that one is set. */
    private <T> T parse(SlurmConfig config, String repositoryId, String key, String defaultValue,
            Function<String, T> parser) {
        String own = key + "." + repositoryId;
        return parse(config, repositoryId != null && properties.containsKey(own) ? own : key, defaultValue, parser);
    }
}
