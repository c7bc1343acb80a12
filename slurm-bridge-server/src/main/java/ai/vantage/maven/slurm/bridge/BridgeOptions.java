package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.config.SlurmConfig;
import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The command line of the runnable jar: each option checked as it is read, {@code slurm.*} settings among them. */
final class BridgeOptions {

    /** How a value is checked. */
    private enum Kind {
        TEXT,
        NUMBER,
        SIZE,
        BOOLEAN
    }

    /** Every option, with its help line and, for a setting of the core, its {@code slurm.*} key. */
    enum Option {
        PORT("port", "N", Kind.NUMBER, null, "port to listen on (default " + ServerSettings.DEFAULT_PORT + "; 0 picks one)"),
        BIND("bind", "ADDRESS", Kind.TEXT, null, "address to listen on (default " + ServerSettings.DEFAULT_BIND + ")"),
        UPSTREAM("upstream", "URL", Kind.TEXT, null, "the Slurm cache (default " + ServerSettings.DEFAULT_UPSTREAM + ")"),
        CACHE_DIR("cache-dir", "DIR", Kind.TEXT, null, "where verified tarballs are kept (default ~/.cache/slurm-bridge)"),
        CACHE_MAX_SIZE("cache-max-size", "SIZE", Kind.SIZE, null,
                "most bytes of tarballs kept, least recently used go first (default " + ServerSettings.DEFAULT_CACHE_MAX_SIZE + ")"),
        MAX_BUILD_SIZE("max-build-size", "SIZE", Kind.SIZE, null,
                "most bytes one build's download may write (default " + TarballStore.DEFAULT_MAX_BUILD_SIZE + ")"),
        MAX_DOWNLOADS("max-downloads", "N", Kind.NUMBER, null,
                "most upstream downloads at once (default " + ServerSettings.DEFAULT_MAX_DOWNLOADS + ")"),
        THREADS("threads", "N", Kind.NUMBER, null, "most requests answered at once (default " + ServerSettings.DEFAULT_THREADS + ")"),
        MAX_REQUEST_BODY("max-request-body", "SIZE", Kind.SIZE, null,
                "largest request body accepted (default " + ServerSettings.DEFAULT_MAX_REQUEST_BODY + ")"),
        RECHECK_AFTER("recheck-after", "MINUTES", Kind.NUMBER, null,
                "serve a stored tarball this long before comparing its signature in the cache again, to pick up a "
                        + "rebuild, and the release an exact version is before reading the Spack mirror again (default "
                        + ServerSettings.DEFAULT_RECHECK_MINUTES + ")"),
        HEAD_TIMEOUT("head-timeout", "SECONDS", Kind.NUMBER, null,
                "longest a request head may take to arrive (default "
                        + ClientLimits.DEFAULT_HEAD_TIMEOUT_SECONDS + ")"),
        IDLE_TIMEOUT("idle-timeout", "SECONDS", Kind.NUMBER, null,
                "longest a connection may make no progress (default "
                        + ClientLimits.DEFAULT_IDLE_TIMEOUT_SECONDS + ")"),
        MIN_REQUEST_RATE("min-request-rate", "SIZE", Kind.SIZE, null,
                "slowest request head accepted once it took " + ClientLimits.RATE_GRACE.toSeconds()
                        + " s, bytes per second (default " + ClientLimits.DEFAULT_MIN_REQUEST_RATE + ")"),
        MIN_RESPONSE_RATE("min-response-rate", "SIZE", Kind.SIZE, null,
                "slowest reader served, bytes per second (default " + ClientLimits.DEFAULT_MIN_RESPONSE_RATE + ")"),
        TLS_CERT("tls-cert", "FILE", Kind.TEXT, null, "serve https: the certificate chain, PEM (with --tls-key)"),
        TLS_KEY("tls-key", "FILE", Kind.TEXT, null, "serve https: the certificate's private key, PEM PKCS#8"),
        TLS_KEYSTORE("tls-keystore", "FILE", Kind.TEXT, null,
                "serve https: key and certificate in a PKCS#12 or JKS file"),
        TLS_KEYSTORE_PASSWORD("tls-keystore-password", "PASSWORD", Kind.TEXT, null, "the --tls-keystore's password"),
        REQUEST_LOG("request-log", "FILE|-", Kind.TEXT, null,
                "access log, one line per request, appended (- for stdout)"),
        REQUEST_LOG_FORMAT("request-log-format", "combined|json", Kind.TEXT, null,
                "NCSA combined plus the signature check, or JSON lines (default combined)"),
        PGP_FINGERPRINTS("pgp-fingerprints", "FPR,...", Kind.TEXT, SlurmConfigurationKeys.CONFIG_PROP_PGP_FINGERPRINTS,
                "trusted signing keys, full fingerprints (default the Slurm Factory key)"),
        PGP_KEYS("pgp-keys", "FILE,...", Kind.TEXT, SlurmConfigurationKeys.CONFIG_PROP_PGP_KEYS, "public key files"),
        PGP_FETCH_KEYS("pgp-fetch-keys", "true|false", Kind.BOOLEAN, SlurmConfigurationKeys.CONFIG_PROP_PGP_FETCH_KEYS,
                "fetch the pinned keys from the cache's Spack mirrors (default true)"),
        ALLOW_UNSIGNED("allow-unsigned", "SERIES:CLASSIFIER,...", Kind.TEXT,
                SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, "private test builds served unverified, with a warning"),
        ALLOW_DOWNGRADE("allow-downgrade", null, Kind.BOOLEAN, SlurmConfigurationKeys.CONFIG_PROP_ALLOW_DOWNGRADE,
                "serve a build signed before the newest one served (a rollback), with a warning; it becomes the "
                        + "newest"),
        KEY_CACHE("key-cache", "DIR", Kind.TEXT, null, "offline key cache (default <cache-dir>/pgp-keys)"),
        MIRRORS("mirrors", "URL,...", Kind.TEXT, SlurmConfigurationKeys.CONFIG_PROP_MIRRORS, "further base URLs of the cache"),
        LAYOUTS("layouts", "LIST", Kind.TEXT, SlurmConfigurationKeys.CONFIG_PROP_LAYOUTS,
                "layout generations to probe (default " + SlurmConfigurationKeys.DEFAULT_LAYOUTS + ")"),
        LISTING("listing", "true|false", Kind.BOOLEAN, SlurmConfigurationKeys.CONFIG_PROP_LISTING,
                "read the series from the cache's listing (default true)"),
        RETRIES("retries", "N", Kind.NUMBER, SlurmConfigurationKeys.CONFIG_PROP_RETRIES,
                "retries of a failed upstream request (default " + SlurmConfigurationKeys.DEFAULT_RETRIES + ")"),
        RETRY_BACKOFF("retry-backoff", "MS", Kind.NUMBER, SlurmConfigurationKeys.CONFIG_PROP_RETRY_BACKOFF,
                "first retry's delay, doubling (default " + SlurmConfigurationKeys.DEFAULT_RETRY_BACKOFF + ")"),
        CONNECT_TIMEOUT("connect-timeout", "MS", Kind.NUMBER, SlurmConfigurationKeys.CONFIG_PROP_CONNECT_TIMEOUT,
                "upstream connect timeout (default " + SlurmConfigurationKeys.DEFAULT_CONNECT_TIMEOUT + ")"),
        REQUEST_TIMEOUT("request-timeout", "MS", Kind.NUMBER, SlurmConfigurationKeys.CONFIG_PROP_REQUEST_TIMEOUT,
                "longest wait for upstream bytes (default " + SlurmConfigurationKeys.DEFAULT_REQUEST_TIMEOUT + ")"),
        MIRROR("mirror", "DIR", Kind.TEXT, null, "instead of serving: copy builds into DIR as a Maven 2 repository"),
        SERIES("series", "LIST", Kind.TEXT, null, "with --mirror: series to copy, e.g. 25.11,24.11 (default all)"),
        TOOLCHAINS("toolchains", "LIST", Kind.TEXT, null, "with --mirror: toolchains, e.g. noble,jammy (default all)"),
        ARCHES("arches", "LIST", Kind.TEXT, null, "with --mirror: architectures, amd64,arm64 (default all)"),
        HELP("help", null, Kind.TEXT, null, "print this help");

        final String name;
        final String arg;
        final Kind kind;
        final String configKey;
        final String help;

        Option(String name, String arg, Kind kind, String configKey, String help) {
            this.name = name;
            this.arg = arg;
            this.kind = kind;
            this.configKey = configKey;
            this.help = help;
        }
    }

    private final Map<Option, String> values;

    private BridgeOptions(Map<Option, String> values) {
        this.values = values;
    }

    /**
     * Reads {@code --name value} pairs.
     *
     * @throws IllegalArgumentException for an unknown option, a missing or invalid value, naming it and what is valid
     */
    static BridgeOptions parse(String... args) {
        Map<String, Option> byName = new HashMap<>();
        for (Option option : Option.values()) {
            byName.put("--" + option.name, option);
        }
        Map<Option, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inline = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Option option = byName.get(arg);
            if (option == null) {
                throw new IllegalArgumentException("Unknown option '" + args[i] + "'; valid options: "
                        + byName.keySet().stream().sorted().collect(Collectors.joining(" ")) + " (--help explains them)");
            }
            if (option.arg == null) {
                values.put(option, "true");
                continue;
            }
            String value = inline != null ? inline : i + 1 < args.length ? args[++i] : null;
            if (value == null) {
                throw new IllegalArgumentException("Option --" + option.name + " needs a value: --" + option.name
                        + " " + option.arg);
            }
            check(option, value);
            values.put(option, value);
        }
        return new BridgeOptions(values);
    }

    private static void check(Option option, String value) {
        switch (option.kind) {
            case NUMBER:
                if (!value.matches("\\d{1,9}")) {
                    throw new IllegalArgumentException("Invalid --" + option.name + " '" + value
                            + "': expected a whole number >= 0 (" + option.arg + ")");
                }
                break;
            case SIZE:
                ByteSize.parse("--" + option.name, value);
                break;
            case BOOLEAN:
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("Invalid --" + option.name + " '" + value
                            + "': expected true or false");
                }
                break;
            default:
                if (value.isBlank()) {
                    throw new IllegalArgumentException("Invalid --" + option.name + " '': expected " + option.arg);
                }
        }
    }

    boolean has(Option option) {
        return values.containsKey(option);
    }

    String get(Option option, String defaultValue) {
        return values.getOrDefault(option, defaultValue);
    }

    /**
     * The server settings that {@code options} give, each an option's name without {@code --} and its value (null:
     * not given), checked as on the command line.
     */
    static ServerSettings serverSettings(Map<String, String> options) {
        List<String> args = new ArrayList<>();
        options.forEach((name, value) -> {
            if (value != null) {
                args.add("--" + name);
                args.add(value);
            }
        });
        return parse(args.toArray(String[]::new)).serverSettings();
    }

    /** The server settings the options give. */
    ServerSettings serverSettings() {
        ServerSettings settings = plainSettings();
        if (has(Option.TLS_CERT) || has(Option.TLS_KEY) || has(Option.TLS_KEYSTORE)) {
            settings = settings.withTls(new TlsSettings(path(Option.TLS_CERT), path(Option.TLS_KEY),
                    path(Option.TLS_KEYSTORE), get(Option.TLS_KEYSTORE_PASSWORD, null)));
        }
        if (has(Option.MAX_BUILD_SIZE)) {
            settings = settings.withMaxBuildSize(ByteSize.parse("--max-build-size", get(Option.MAX_BUILD_SIZE, null)));
        }
        if (has(Option.REQUEST_LOG)) {
            settings = settings.withRequestLog(new RequestLogs.Settings(get(Option.REQUEST_LOG, null),
                    RequestLogs.Format.of(get(Option.REQUEST_LOG_FORMAT, "combined"))));
        }
        return settings;
    }

    private Path path(Option option) {
        return has(option) ? Path.of(get(option, null)) : null;
    }

    private ServerSettings plainSettings() {
        Path cacheDir = cacheDir();
        return new ServerSettings(get(Option.BIND, ServerSettings.DEFAULT_BIND),
                Integer.parseInt(get(Option.PORT, Integer.toString(ServerSettings.DEFAULT_PORT))), cacheDir,
                ByteSize.parse("--cache-max-size", get(Option.CACHE_MAX_SIZE, ServerSettings.DEFAULT_CACHE_MAX_SIZE)),
                Integer.parseInt(get(Option.MAX_DOWNLOADS, Integer.toString(ServerSettings.DEFAULT_MAX_DOWNLOADS))),
                Integer.parseInt(get(Option.THREADS, Integer.toString(ServerSettings.DEFAULT_THREADS))),
                has(Option.MAX_REQUEST_BODY) ? ByteSize.parse("--max-request-body", get(Option.MAX_REQUEST_BODY, null))
                        : ServerSettings.DEFAULT_MAX_REQUEST_BODY,
                ServerSettings.DEFAULT_SERIES_MAX_AGE,
                Duration.ofMinutes(Integer.parseInt(get(Option.RECHECK_AFTER,
                        Integer.toString(ServerSettings.DEFAULT_RECHECK_MINUTES))))).withLimits(clientLimits());
    }

    private ClientLimits clientLimits() {
        return new ClientLimits(
                Duration.ofSeconds(number(Option.HEAD_TIMEOUT, ClientLimits.DEFAULT_HEAD_TIMEOUT_SECONDS)),
                Duration.ofSeconds(number(Option.IDLE_TIMEOUT, ClientLimits.DEFAULT_IDLE_TIMEOUT_SECONDS)),
                size(Option.MIN_REQUEST_RATE, ClientLimits.DEFAULT_MIN_REQUEST_RATE),
                size(Option.MIN_RESPONSE_RATE, ClientLimits.DEFAULT_MIN_RESPONSE_RATE));
    }

    private int number(Option option, int defaultValue) {
        return Integer.parseInt(get(option, Integer.toString(defaultValue)));
    }

    private long size(Option option, String defaultValue) {
        return ByteSize.parse("--" + option.name, get(option, defaultValue));
    }

    Path cacheDir() {
        return has(Option.CACHE_DIR) ? Path.of(get(Option.CACHE_DIR, null)) : ServerSettings.defaultCacheDir();
    }

    Path keyCache() {
        return has(Option.KEY_CACHE) ? Path.of(get(Option.KEY_CACHE, null)) : cacheDir().resolve("pgp-keys");
    }

    /** The {@code slurm.*} settings given as options. */
    Map<String, String> slurmProperties() {
        Map<String, String> properties = new HashMap<>();
        values.forEach((option, value) -> {
            if (option.configKey != null) {
                properties.put(option.configKey, value);
            }
        });
        return properties;
    }

    /** The help text. */
    static String help() {
        List<String> lines = new ArrayList<>();
        lines.add("usage: java -jar slurm-bridge-server.jar [options]");
        lines.add("Serves ai.vantage:slurm from the Slurm cache as a plain Maven 2 repository (GET /health for checks),");
        lines.add("or with --mirror copies builds into a folder. Options:");
        for (Option option : Option.values()) {
            String name = "--" + option.name + (option.arg == null ? "" : " " + option.arg);
            lines.add(String.format(Locale.ROOT, "  %-40s %s", name, option.help));
        }
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
