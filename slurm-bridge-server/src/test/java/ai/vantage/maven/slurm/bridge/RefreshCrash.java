package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import java.nio.file.Path;
import java.util.Map;

/**
 * A process that refreshes {@link FixtureCache#NOBLE} in a store and halts, as a killed process stops, at one
 * {@link TarballStore.SwitchPoint}: {@code <cache URL> <store folder> <fingerprint> <key file> <point>}.
 */
final class RefreshCrash {

    /** The exit code of a process halted at its point. */
    static final int HALTED = 86;

    private RefreshCrash() {}

    public static void main(String[] args) throws Exception {
        SlurmSettings settings = SlurmSettings.of(Map.of(
                SlurmConfigurationKeys.CONFIG_PROP_PGP_FINGERPRINTS, args[2],
                SlurmConfigurationKeys.CONFIG_PROP_PGP_KEYS, args[3],
                SlurmConfigurationKeys.CONFIG_PROP_PGP_FETCH_KEYS, "false"), Path.of("."), null);
        BridgeLog log = new BridgeLog() {
            @Override
            public void info(String message) {
                System.out.println(message);
            }

            @Override
            public void warn(String message) {
                System.out.println("WARN " + message);
            }
        };
        TarballStore store = new TarballStore(Path.of(args[1]), new CacheBridgeSource(args[0], settings, log),
                Long.MAX_VALUE, 1, log);
        TarballStore.SwitchPoint halt = TarballStore.SwitchPoint.valueOf(args[4]);
        store.checkpoints(point -> {
            if (point == halt) {
                Runtime.getRuntime().halt(HALTED);
            }
        });
        store.refresh(FixtureCache.NOBLE);
        System.exit(0);
    }
}
