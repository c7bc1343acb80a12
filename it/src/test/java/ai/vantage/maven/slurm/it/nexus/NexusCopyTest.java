package ai.vantage.maven.slurm.it.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fresh, patched copy of the Nexus distribution that each run starts. */
class NexusCopyTest {

    static final String KARAF_CONFIG = "jre-1.8 = ${jre-base}\n"
            + "eecap-16 = osgi.ee; osgi.ee=\"OSGi/Minimum\"; version:List<Version>=\"1.0,1.1,1.2\", \\\n"
            + " osgi.ee; osgi.ee=\"JavaSE\"; version:List<Version>=\"1.0,1.8,9.0,15.0,16.0\", \\\n"
            + " osgi.ee; osgi.ee=\"JavaSE/compact3\"; version:List<Version>=\"1.8,9.0,15.0,16.0\"\n"
            + "eecap-15 = osgi.ee; osgi.ee=\"JavaSE\"; version:List<Version>=\"1.0,1.8,9.0,15.0\"\n"
            + "felix.fileinstall.enableConfigSave = true\n"
            + "felix.fileinstall.dir    = ${karaf.etc}\n";
    static final String FEATURES = "featuresRepositories = mvn:org.sonatype.nexus.assemblies/features/xml\n"
            + "featuresBoot = nexus-oss-feature\n";

    @Test
    void eachCopyStartsFromTheDistributionAsShippedWithAnEmptyDataFolder(@TempDir Path dir) throws Exception {
        Path distribution = distribution(dir, "#!/bin/sh\n");
        Path run = dir.resolve("run");
        NexusCopy first = NexusCopy.of(distribution, run);
        Path features = first.home().resolve("etc/karaf/org.apache.karaf.features.cfg");
        Files.writeString(features, "# license header only\n");
        Files.writeString(Files.createDirectories(first.work().resolve("db")).resolve("config"), "repositories");

        NexusCopy second = NexusCopy.of(distribution, run);

        assertEquals(FEATURES, Files.readString(features), "etc/ as the distribution ships it");
        assertFalse(Files.exists(second.work().resolve("db")), "no data of the run before");
        assertTrue(Files.exists(second.work().resolve("clean_cache")), "the distribution's data folder");
        assertTrue(Files.isExecutable(second.home().resolve("bin/nexus")), "the launcher stays executable");
        assertEquals(KARAF_CONFIG, Files.readString(distribution.resolve("etc/karaf/config.properties")),
                "the distribution itself is never patched");
        assertTrue(second.changedSettings().isEmpty(), second.changedSettings()::toString);
    }

    @Test
    void theCopyHasKarafsConfigurationWriteBackOff(@TempDir Path dir) throws Exception {
        NexusCopy copy = NexusCopy.of(distribution(dir, "#!/bin/sh\n"), dir.resolve("run"));

        String config = Files.readString(copy.home().resolve("etc/karaf/config.properties"));
        assertTrue(config.contains("\nfelix.fileinstall.enableConfigSave = false\n"), config);
        assertFalse(config.contains("enableConfigSave = true"), config);
        assertTrue(config.contains("\nfelix.fileinstall.dir    = ${karaf.etc}\n"), "the other settings stay");
    }

    @Test
    void namesTheSettingsNexusRewroteWithTheirSizes(@TempDir Path dir) throws Exception {
        NexusCopy copy = NexusCopy.of(distribution(dir, "#!/bin/sh\n"), dir.resolve("run"));

        Files.writeString(copy.home().resolve("etc/karaf/org.apache.karaf.features.cfg"), "# header\n");

        assertEquals(List.of("etc/karaf/org.apache.karaf.features.cfg (9 bytes, was " + FEATURES.length()
                + " bytes)"), copy.changedSettings());
    }

    @Test
    void refusesAMissingDistributionSayingHowToGetIt(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NexusCopy.of(dir.resolve("nexus-base-template"), dir.resolve("run")));

        assertTrue(e.getMessage().contains("bin/nexus is missing: the build unpacks Nexus"), e.getMessage());
    }

    @Test
    void addsAnExecutionEnvironmentForTheRunningJavaOnce(@TempDir Path dir) throws Exception {
        int feature = Runtime.version().feature();
        Path config = Files.writeString(dir.resolve("config.properties"), KARAF_CONFIG);

        NexusCopy.allowRunningJava(config);
        String patched = Files.readString(config);
        NexusCopy.allowRunningJava(config);

        assertEquals(patched, Files.readString(config), "a second start changes nothing");
        StringBuilder versions = new StringBuilder("15.0,16.0");
        for (int v = 17; v <= feature; v++) {
            versions.append(',').append(v).append(".0");
        }
        assertTrue(patched.contains("eecap-" + feature + " = osgi.ee; osgi.ee=\"OSGi/Minimum\""), patched);
        assertTrue(patched.contains("osgi.ee=\"JavaSE\"; version:List<Version>=\"1.0,1.8,9.0," + versions + "\""),
                patched);
        assertTrue(patched.contains("osgi.ee=\"JavaSE/compact3\"; version:List<Version>=\"1.8,9.0," + versions + "\""),
                patched);
        assertTrue(patched.endsWith(KARAF_CONFIG.substring(KARAF_CONFIG.indexOf("eecap-16"))), "the old entries stay");
    }

    @Test
    void refusesAKarafItDoesNotKnow(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config.properties"), "jre-1.8 = ${jre-base}\n");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NexusCopy.allowRunningJava(config));
        assertTrue(e.getMessage().contains("No eecap-16 entry in " + config), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> NexusCopy.disableConfigSave(config));
        assertTrue(e.getMessage().contains("No felix.fileinstall.enableConfigSave in " + config), e.getMessage());
    }

    /** A distribution laid out as Nexus's zip: {@code nexus-base-template/} beside {@code sonatype-work/nexus3}. */
    static Path distribution(Path dir, String launcher) throws Exception {
        Path home = dir.resolve("dist/nexus-base-template");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(bin.resolve("nexus"), launcher);
        bin.resolve("nexus").toFile().setExecutable(true);
        Path karaf = Files.createDirectories(home.resolve("etc/karaf"));
        Files.writeString(karaf.resolve("config.properties"), KARAF_CONFIG);
        Files.writeString(karaf.resolve("org.apache.karaf.features.cfg"), FEATURES);
        Path work = Files.createDirectories(dir.resolve("dist/sonatype-work/nexus3"));
        Files.writeString(work.resolve("clean_cache"), "");
        return home;
    }
}
