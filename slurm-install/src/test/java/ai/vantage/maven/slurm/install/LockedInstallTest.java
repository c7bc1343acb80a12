package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.lock.LockMismatchException;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.pgp.UnsignedAllowList;
import ai.vantage.maven.slurm.release.ExactRelease;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code slurm:lock} records from one read, and the lock's check before the switch. */
class LockedInstallTest {

    private static final SlurmCoordinate NOBLE = FixtureCache.NOBLE;

    private static FixtureKey key;

    @TempDir
    Path work;

    @BeforeAll
    static void key() {
        key = FixtureKey.generate("Lock test <lock@example.invalid>");
    }

    private TarballReader reader() throws Exception {
        Path keys = work.resolve("keys.asc");
        Files.write(keys, key.armoredPublicKey());
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.of(List.of(key.fingerprint())))
                .keyFiles(List.of(keys)).build();
        return new TarballReader(() -> verifier, policy(), new SignatureTimeLedger(work.resolve("ledger"), false, m -> {}),
                m -> {}, m -> {});
    }

    private static SignaturePolicy policy() {
        return new SignaturePolicy(UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, ""));
    }

    private SlurmInstaller installer(TarballReader reader) {
        return new SlurmInstaller(check(LockFile.empty(), new ArrayList<>()), () -> reader, m -> {}, m -> {});
    }

    private Path signed(String name, FixtureTarball tree) throws Exception {
        Path tarball = tree.write(work.resolve(name));
        Files.write(FixtureCache.signaturePath(tarball), key.sign(tarball));
        return tarball;
    }

    @Test
    void verifyReadsTheSignatureTimeAndTheReleaseOfTheModuleFile() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE).patch("7"));

        TarballRead read = reader().verify(NOBLE, tarball, Optional.of(FixtureCache.signaturePath(tarball)));

        assertEquals(Checksums.of(Files.readAllBytes(tarball)).get("sha256"), read.sha256());
        assertEquals(key.fingerprint(), read.signerFingerprint());
        assertTrue(read.signatureTime().isAfter(before), read::toString);
        assertEquals(ExactRelease.ofSpack("25-11-7-1"), read.release());
    }

    @Test
    void bytesOtherThanTheLockedOnesAreRefusedBeforeTheSwitch() throws Exception {
        Path locked = signed("locked.tar.gz", FixtureTarball.of(NOBLE));
        Thread.sleep(1100); // the rebuild is signed a second later: refusing it must not make the locked one a rollback
        Path rebuilt = signed("rebuilt.tar.gz", FixtureTarball.of(NOBLE).file("view/etc/rebuilt.txt", "rebuilt\n"));
        TarballReader reader = reader();
        SlurmInstaller installer = installer(reader);
        TarballRead read = reader.verify(NOBLE, locked, Optional.of(FixtureCache.signaturePath(locked)));
        LockFile lock = LockFile.empty().with(new LockEntry(NOBLE, read.sha256(), read.size(),
                read.signerFingerprint(), read.signatureTime(), read.release()));
        Path prefix = work.resolve("opt-slurm");

        LockMismatchException refused = assertThrows(LockMismatchException.class, () -> installer.install(
                SlurmInstaller.Request.of(NOBLE, rebuilt, prefix).signature(FixtureCache.signaturePath(rebuilt))
                        .lock(lock)));
        assertEquals("upstream rebuilt 25.11 for noble: locked sha256 " + read.sha256() + ", got "
                + Checksums.of(Files.readAllBytes(rebuilt)).get("sha256") + "; run slurm:lock to accept",
                refused.getMessage());
        assertFalse(Files.exists(prefix.resolve("view")), "nothing was switched");

        assertTrue(installer.install(SlurmInstaller.Request.of(NOBLE, locked, prefix)
                .signature(FixtureCache.signaturePath(locked)).lock(lock)).isPresent());
        assertTrue(Files.isSymbolicLink(prefix.resolve("view")));
    }

    @Test
    void anInstalledBuildOtherThanTheLockedOneIsNotInstalledAndTheLockedOneIsInstalledSayingWhy() throws Exception {
        Path a = signed("a.tar.gz", FixtureTarball.of(NOBLE));
        Thread.sleep(1100); // B is signed later, as a rebuild is
        Path b = signed("b.tar.gz", FixtureTarball.of(NOBLE).file("view/etc/rebuilt.txt", "rebuilt\n"));
        TarballReader reader = reader();
        SlurmInstaller installer = installer(reader);
        Path prefix = work.resolve("opt-slurm");
        installer.install(SlurmInstaller.Request.of(NOBLE, a, prefix).signature(FixtureCache.signaturePath(a)));
        TarballRead readB = reader.verify(NOBLE, b, Optional.of(FixtureCache.signaturePath(b)));
        String shaA = Checksums.sha256(a);
        LockFile lockA = LockFile.empty().with(new LockEntry(NOBLE, shaA, Files.size(a), key.fingerprint(),
                readB.signatureTime(), readB.release()));
        LockFile lockB = LockFile.empty().with(new LockEntry(NOBLE, readB.sha256(), readB.size(),
                readB.signerFingerprint(), readB.signatureTime(), readB.release()));
        List<String> said = new ArrayList<>();

        assertTrue(check(lockA, said).isInstalled(NOBLE, a, prefix), said::toString);
        assertFalse(check(lockA, said).localCopyIsNotTheLockedBuild(NOBLE, a, prefix));
        assertFalse(check(lockB, said).isInstalled(NOBLE, a, prefix));
        assertEquals(NOBLE + " was installed at " + prefix.resolve("view") + ", but the lock now names sha256 "
                + readB.sha256() + ", the installed build is sha256 " + shaA + " (slurm.lock): verifying and installing "
                + "the locked build", said.get(0));
        assertTrue(check(lockB, said).localCopyIsNotTheLockedBuild(NOBLE, a, prefix), "the local copy is fetched anew");
        assertFalse(check(lockB, said).localCopyIsNotTheLockedBuild(NOBLE, b, prefix), "B hashed: the locked bytes");

        InstallReceipt receipt = installer.install(SlurmInstaller.Request.of(NOBLE, b, prefix)
                .signature(FixtureCache.signaturePath(b)).lock(lockB)).orElseThrow();
        assertEquals(readB.sha256(), receipt.sha256());
        assertEquals(readB.sha256(), InstallReceipt.read(prefix).orElseThrow().sha256());
        assertTrue(check(lockB, said).isInstalled(NOBLE, b, prefix));
    }

    @Test
    void aLocalCopyOtherThanTheLockedBuildIsDroppedAndTheLockedOneFetched() throws Exception {
        Path a = signed("a.tar.gz", FixtureTarball.of(NOBLE));
        Thread.sleep(1100); // B is signed later, as a rebuild is
        Path b = signed("b.tar.gz", FixtureTarball.of(NOBLE).file("view/etc/rebuilt.txt", "rebuilt\n"));
        TarballReader reader = reader();
        TarballRead readB = reader.verify(NOBLE, b, Optional.of(FixtureCache.signaturePath(b)));
        LockFile lockB = LockFile.empty().with(new LockEntry(NOBLE, readB.sha256(), readB.size(),
                readB.signerFingerprint(), readB.signatureTime(), readB.release()));
        List<String> said = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        TarballSource repository = new TarballSource() { // holds A until told to drop it, then fetches B
            private Path copy = a;

            @Override
            public Optional<Path> local() {
                return Optional.ofNullable(copy);
            }

            @Override
            public void dropLocal() {
                asked.add("drop " + copy.getFileName());
                copy = null;
            }

            @Override
            public Optional<Path> signature() {
                return Optional.of(FixtureCache.signaturePath(copy == null ? b : copy));
            }

            @Override
            public Path fetch(Flow.Subscriber<ByteBuffer> tee) {
                asked.add("fetch");
                copy = b;
                return b;
            }
        };
        Path prefix = work.resolve("opt-slurm");

        InstallReceipt receipt = new SlurmInstaller(check(lockB, said), () -> reader, said::add, said::add)
                .install(SlurmInstaller.Request.of(NOBLE, repository, prefix).lock(lockB)).orElseThrow();

        assertEquals(List.of("drop a.tar.gz", "fetch"), asked);
        assertEquals(readB.sha256(), receipt.sha256());
        assertTrue(said.stream().anyMatch(l -> l.contains("names sha256 " + readB.sha256() + ": fetching the locked "
                + "build")), said::toString);
    }

    private InstalledCheck check(LockFile lock, List<String> said) {
        return new InstalledCheck(TrustedKeys.of(List.of(key.fingerprint())), new SignaturePolicy(
                UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, "")), Map.of(),
                lock, said::add);
    }
}
