package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.accept.WrongReleaseException;
import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.fixture.TarWriter;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.VerifiedFiles;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.lock.LockMismatchException;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.UnsignedAllowList;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.session.SharedSession.StreamedBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The install path end to end, without Maven: one read, the build's identity, rollback and today's trust. */
class SlurmInstallerTest {

    private static final SlurmCoordinate NOBLE = FixtureCache.NOBLE;
    private static final SlurmCoordinate ROCKY9 = new SlurmCoordinate("23.11", Toolchain.ROCKYLINUX9, Arch.AMD64);

    private static FixtureKey key;
    private static FixtureKey otherKey;

    @TempDir
    Path work;

    private Path prefix;
    private Path keys;
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void keys() {
        key = FixtureKey.generate("Installer test <installer@example.invalid>");
        otherKey = FixtureKey.generate("New key <new@example.invalid>");
    }

    @BeforeEach
    void folders() throws IOException {
        prefix = work.resolve("opt-slurm");
        keys = work.resolve("keys.asc");
        Files.write(keys, key.armoredPublicKey());
    }

    private TarballReader reader(FixtureKey pinned, String allowUnsigned, boolean allowDowngrade) {
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.of(List.of(pinned.fingerprint())))
                .keyFiles(List.of(keys)).build();
        return new TarballReader(() -> verifier, policy(allowUnsigned),
                new SignatureTimeLedger(work.resolve("ledger"), allowDowngrade, log::add), log::add, log::add);
    }

    private TarballReader reader() {
        return reader(key, "", false);
    }

    private static SignaturePolicy policy(String allowUnsigned) {
        return new SignaturePolicy(UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED,
                allowUnsigned));
    }

    private InstalledCheck check(FixtureKey pinned, String allowUnsigned) {
        return check(pinned, allowUnsigned, Map.of());
    }

    private InstalledCheck check(FixtureKey pinned, String allowUnsigned, Map<SlurmCoordinate, ExactRelease> exact) {
        return new InstalledCheck(TrustedKeys.of(List.of(pinned.fingerprint())), policy(allowUnsigned), exact,
                LockFile.empty(), log::add);
    }

    private SlurmInstaller installer(InstalledCheck check, TarballReader reader) {
        return new SlurmInstaller(check, () -> reader, log::add, log::add);
    }

    private SlurmInstaller installer(FixtureKey pinned, String allowUnsigned, boolean allowDowngrade) {
        return installer(check(pinned, allowUnsigned), reader(pinned, allowUnsigned, allowDowngrade));
    }

    private SlurmInstaller installer() {
        return installer(key, "", false);
    }

    /** An installer asked for {@code release} of {@link #NOBLE}. */
    private SlurmInstaller installer(ExactRelease release) {
        Map<SlurmCoordinate, ExactRelease> exact = Map.of(NOBLE, release);
        return installer(check(key, "", exact), reader().exactReleases(exact));
    }

    /** A tarball of {@code tree}, signed by the test key. */
    private Path signed(String name, FixtureTarball tree) throws IOException {
        Path tarball = tree.write(work.resolve(name));
        Files.write(FixtureCache.signaturePath(tarball), key.sign(tarball));
        return tarball;
    }

    private static SlurmInstaller.Request request(SlurmCoordinate coordinate, Path tarball, Path prefix) {
        return SlurmInstaller.Request.of(coordinate, tarball, prefix).signature(FixtureCache.signaturePath(tarball));
    }

    private String view() throws IOException {
        return Files.readSymbolicLink(prefix.resolve("view")).toString();
    }

    private List<Path> staging() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(prefix, ".staging-*")) {
            children.forEach(found::add);
        }
        return found;
    }

    @Test
    void installsTheBuildAskedForAndRecordsTheBytesItRead() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE));

        InstallReceipt receipt = installer().install(request(NOBLE, tarball, prefix)).orElseThrow();

        assertEquals(Checksums.of(Files.readAllBytes(tarball)).get("sha256"), receipt.sha256());
        assertEquals(Files.size(tarball), receipt.size());
        assertEquals(key.fingerprint(), receipt.signerFingerprint());
        assertTrue(Files.isRegularFile(prefix.resolve("view/sbin/slurmctld")));
        assertTrue(check(key, "").isInstalled(NOBLE, tarball, prefix));
    }

    @Test
    void genuineTarballOfAnotherBuildIsRefusedAndNothingSwitched() throws Exception {
        Path noble = signed("noble.tar.gz", FixtureTarball.of(NOBLE));
        installer().install(request(NOBLE, noble, prefix));
        String before = view();
        // a genuine, signed 23.11 rockylinux9 build, served in the place of 25.11 noble amd64
        Path replayed = signed("rocky9.tar.gz", FixtureTarball.of(ROCKY9).installScript(true));

        WrongBuildException e = assertThrows(WrongBuildException.class,
                () -> installer().install(request(NOBLE, replayed, prefix).force(true)
                        .script(SlurmInstaller.Script.bundled(List.of(), java.time.Duration.ofSeconds(30)))));

        assertTrue(e.getMessage().contains("asked for 25.11 noble amd64, the signed tarball holds 23.11.0 (gcc 11.5.0, "
                + "the compiler of rockylinux9)"), e.getMessage());
        assertEquals(before, view());
        assertEquals(List.of(), staging());
        assertTrue(log.stream().noneMatch(l -> l.startsWith("Running ")), "no script ran: " + log);
    }

    @Test
    void executablesOfAnotherArchitectureAreRefused() throws Exception {
        Path arm = signed("arm64.tar.gz", FixtureTarball.of(FixtureCache.NOBLE_ARM64));

        WrongBuildException e = assertThrows(WrongBuildException.class,
                () -> installer().install(request(NOBLE, arm, prefix)));

        assertTrue(e.getMessage().contains("asked for 25.11 noble amd64, the signed tarball holds 25.11.6 (aarch64 in "
                + "view/sbin/slurmctld)"), e.getMessage());
        assertFalse(Files.exists(prefix.resolve("view")));
    }

    @Test
    void treeShowingNoReleaseIsRefusedNamingWhatWasLookedFor() throws Exception {
        Path bare = work.resolve("bare.tar.gz");
        Files.write(bare, TarWriter.inMemory().dir("view").file("view/bin/sinfo", 0755, "#!/bin/sh\n").bytes());
        Files.write(FixtureCache.signaturePath(bare), key.sign(bare));

        WrongBuildException e = assertThrows(WrongBuildException.class,
                () -> installer().install(request(NOBLE, bare, prefix)));

        assertTrue(e.getMessage().contains("shows no Slurm release") && e.getMessage().contains(".modulerc.lua")
                && e.getMessage().contains("local version"), e.getMessage());
    }

    @Test
    void exactReleaseAskedForMustBeTheTreesReleaseOrNothingIsSwitched() throws Exception {
        Path six = signed("noble-6.tar.gz", FixtureTarball.of(NOBLE));
        SlurmInstaller pinned6 = installer(ExactRelease.ofMaven("25.11.6"));
        InstallReceipt receipt = pinned6.install(request(NOBLE, six, prefix)).orElseThrow();
        assertEquals("25.11.6", receipt.slurmRelease());
        String before = view();
        Path seven = signed("noble-7.tar.gz", FixtureTarball.of(NOBLE).patch("7").installScript(true));

        WrongReleaseException e = assertThrows(WrongReleaseException.class, () -> pinned6.install(
                request(NOBLE, seven, prefix).script(SlurmInstaller.Script.bundled(List.of(), Duration.ofSeconds(30)))));

        assertEquals("25.11 for noble is now 25.11.7; pin 25.11.7 or use the series (asked for 25.11.6): the signed "
                + "tarball is Slurm 25.11.7 (its module file view/assets/modules/slurm/25-11-7-1.lua says so)",
                e.getMessage());
        assertEquals(before, view());
        assertEquals(List.of(), staging());
        assertTrue(log.stream().noneMatch(l -> l.startsWith("Running ")), "no script ran: " + log);
        assertThrows(WrongReleaseException.class, () -> reader().exactReleases(Map.of(NOBLE, ExactRelease.ofMaven("25.11.6"))).verify(NOBLE, seven,
                Optional.of(FixtureCache.signaturePath(seven))), "verify applies the same rule");
        assertTrue(installer(ExactRelease.ofMaven("25.11.7"))
                .install(request(NOBLE, seven, prefix)).isPresent(), "pinning the release it is installs it");
    }

    @Test
    void installedTreeOfAnotherReleaseIsNotAlreadyInstalledForAnExactOne() throws Exception {
        Path six = signed("noble-6.tar.gz", FixtureTarball.of(NOBLE));
        installer().install(request(NOBLE, six, prefix));
        assertTrue(check(key, "", Map.of(NOBLE, ExactRelease.ofMaven("25.11.6"))).isInstalled(NOBLE, six, prefix));

        log.clear();
        assertFalse(check(key, "", Map.of(NOBLE, ExactRelease.ofMaven("25.11.5"))).isInstalled(NOBLE, six, prefix));
        assertTrue(log.get(0).contains("it is Slurm 25.11.6, not the 25.11.5 asked for"), log.toString());
    }

    @Test
    void verifyReadsTheIdentityWithoutWritingAnything() throws Exception {
        Path replayed = signed("rocky9.tar.gz", FixtureTarball.of(ROCKY9));

        assertThrows(WrongBuildException.class, () -> reader().verify(NOBLE, replayed,
                Optional.of(FixtureCache.signaturePath(replayed))));
        assertEquals(key.fingerprint(), reader().verify(ROCKY9, replayed,
                Optional.of(FixtureCache.signaturePath(replayed))).signerFingerprint());
        assertFalse(Files.exists(prefix));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theTarballIsReadOnceSoANamedPipeInstalls() throws Exception {
        Path source = signed("noble.tar.gz", FixtureTarball.of(NOBLE));
        Path pipe = work.resolve("pipe.tar.gz");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Files.copy(FixtureCache.signaturePath(source), FixtureCache.signaturePath(pipe));
        // a pipe yields its bytes once: a second open (a second read for unpacking) would wait forever
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(pipe)) {
                Files.copy(source, out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        InstallReceipt receipt = installer().install(request(NOBLE, pipe, prefix)).orElseThrow();

        writer.get(10, TimeUnit.SECONDS);
        assertEquals(Checksums.of(Files.readAllBytes(source)).get("sha256"), receipt.sha256());
        assertTrue(Files.isRegularFile(prefix.resolve("view/bin/sinfo")));
    }

    @Test
    void alteredTarballIsABadSignatureAndItsStagingIsDeleted() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE).padding(200_000));
        try (RandomAccessFile raf = new RandomAccessFile(tarball.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int b = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(b ^ 0x01);
        }

        VerificationException e = assertThrows(VerificationException.class,
                () -> installer().install(request(NOBLE, tarball, prefix)));

        assertEquals(VerificationException.Reason.BAD_SIGNATURE, e.reason(), e.getMessage());
        assertFalse(Files.exists(prefix.resolve("view")));
        assertEquals(List.of(), staging());
    }

    @Test
    void fileTheExtensionVerifiedIsReCheckedQuietlyButStillVerified() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE).padding(200_000));
        List<String> debug = new ArrayList<>();
        Set<String> verified = Set.of(VerifiedFiles.identity(tarball).orElseThrow());

        reader().verifiedInThisBuild(verified, debug::add).verify(NOBLE, tarball,
                Optional.of(FixtureCache.signaturePath(tarball)));
        assertFalse(log.stream().anyMatch(l -> l.startsWith("Verified ")), log.toString());
        assertTrue(debug.stream().anyMatch(l -> l.startsWith(NOBLE + " re-checked") && l.contains("Verified " + NOBLE)),
                debug.toString());

        FileTime modified = Files.getLastModifiedTime(tarball);
        try (RandomAccessFile raf = new RandomAccessFile(tarball.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int b = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(b ^ 0x01);
        }
        Files.setLastModifiedTime(tarball, modified);
        assertEquals(verified, Set.of(VerifiedFiles.identity(tarball).orElseThrow()), "same inode, size and time");
        VerificationException e = assertThrows(VerificationException.class, () -> installer(check(key, ""), reader().verifiedInThisBuild(verified, debug::add)).install(request(NOBLE, tarball, prefix)));
        assertEquals(VerificationException.Reason.BAD_SIGNATURE, e.reason(), "verified again all the same");
    }

    @Test
    void olderSignatureThanOneAcceptedIsRefusedUnlessDowngradeIsAllowed() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE));
        Instant later = Instant.now().plusSeconds(86_400);
        new SignatureTimeLedger(work.resolve("ledger"), false, log::add).record(NOBLE.toString(),
                new VerificationResult(NOBLE.toString(), key.fingerprint(), key.fingerprint(), later, "SHA512"));

        VerificationException e = assertThrows(VerificationException.class,
                () -> installer().install(request(NOBLE, tarball, prefix)));
        assertEquals(VerificationException.Reason.ROLLBACK, e.reason());
        assertTrue(e.getMessage().contains(later.toString()), e.getMessage());
        assertFalse(Files.exists(prefix.resolve("view")));

        assertTrue(installer(key, "", true).install(request(NOBLE, tarball, prefix)).isPresent());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("DOWNGRADE accepted")), log.toString());
    }

    @Test
    void secondInstallOfTheSameFileIsANoOpThatBuildsNoReader() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE));
        installer().install(request(NOBLE, tarball, prefix)).orElseThrow();
        String before = view();
        log.clear();

        SlurmInstaller noReader = new SlurmInstaller(check(key, ""), () -> {
            throw new AssertionError("a no-op needs no signature verifier");
        }, log::add, log::add);
        assertTrue(noReader.install(request(NOBLE, tarball, prefix)).isEmpty());

        assertEquals(before, view());
        assertEquals(1, log.stream().filter(l -> l.contains(" is already installed at ")).count(), log.toString());
        assertTrue(log.stream().noneMatch(l -> l.startsWith("Installing ")), log.toString());
    }

    @Test
    void receiptCountsOnlyUnderTodaysTrustAndWhileTheViewPointsAtIt() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE));
        installer().install(request(NOBLE, tarball, prefix));
        assertTrue(check(key, "").isInstalled(NOBLE, tarball, prefix));

        log.clear();
        assertFalse(check(otherKey, "").isInstalled(NOBLE, tarball, prefix), "the signer is no longer pinned");
        assertTrue(log.get(0).contains("its signer " + key.fingerprint() + " is no longer pinned"), log.toString());

        Path unsigned = FixtureTarball.of(NOBLE).patch("7").write(work.resolve("unsigned.tar.gz"));
        installer(key, "25.11:noble", false).install(SlurmInstaller.Request.of(NOBLE, unsigned, prefix));
        assertTrue(check(key, "25.11:noble").isInstalled(NOBLE, unsigned, prefix));
        log.clear();
        assertFalse(check(key, "").isInstalled(NOBLE, unsigned, prefix), "no longer allowed unsigned");
        assertTrue(log.get(0).contains("no longer allowed unsigned"), log.toString());

        // the view switched to another release (the signed one, kept) behind the receipt's back
        String signedRelease = new ReleaseDirectory(prefix, 1, log::add).releaseIds().get(0);
        Path link = prefix.resolve("view");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("releases", signedRelease, "view"));
        log.clear();
        assertFalse(check(key, "25.11:noble").isInstalled(NOBLE, unsigned, prefix));
        assertTrue(log.get(0).contains("not at the receipt's release"), log.toString());
    }

    /**
     * A source that streams {@code bytes} into the install's pipe (as the transport does), then calls {@code end}
     * before it returns {@code file} (or throws what {@code end} throws).
     */
    private static TarballSource streaming(Path file, byte[] bytes, Ending end) {
        return streaming(file, bytes, end, null);
    }

    /**
     * {@link #streaming(Path, byte[], Ending)}, and the source hands over its check of the bytes it streamed, as the
     * transport does once its signature verified: their count, SHA-256 and the test key's signature.
     */
    private static TarballSource vouching(Path file, byte[] bytes, Ending end) {
        return streaming(file, bytes, end, new StreamedBytes(bytes.length, Checksums.of(bytes).get("sha256"),
                new VerificationResult(NOBLE.toString(), key.fingerprint(), key.fingerprint(), Instant.now(),
                        "SHA512")));
    }

    private static TarballSource streaming(Path file, byte[] bytes, Ending end, StreamedBytes vouched) {
        List<Flow.Subscriber<ByteBuffer>> fed = new ArrayList<>();
        return new TarballSource() {
            @Override
            public Optional<StreamedBytes> verifiedAsStreamed(Flow.Subscriber<ByteBuffer> tee) {
                return fed.contains(tee) ? Optional.ofNullable(vouched) : Optional.empty();
            }

            @Override
            public Optional<Path> local() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> signature() {
                return Optional.of(FixtureCache.signaturePath(file));
            }

            @Override
            public Path fetch(Flow.Subscriber<ByteBuffer> tee) throws IOException {
                fed.add(tee);
                tee.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                for (int off = 0; off < bytes.length; off += 8192) {
                    tee.onNext(ByteBuffer.wrap(bytes, off, Math.min(8192, bytes.length - off)));
                }
                end.end(tee);
                return file;
            }
        };
    }

    @FunctionalInterface
    private interface Ending {
        void end(Flow.Subscriber<ByteBuffer> tee) throws IOException;
    }

    private List<Path> stagedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path staging : staging()) {
            try (Stream<Path> walk = Files.walk(staging)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        return files;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void unpacksAsTheBytesArriveAndSwitchesOnlyOnceTheDownloadCompleted() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE).padding(3 << 20));
        byte[] bytes = Files.readAllBytes(tarball);
        List<String> whileDownloading = new ArrayList<>();
        TarballSource source = vouching(tarball, bytes, tee -> {
            try {
                while (stagedFiles().isEmpty()) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            whileDownloading.add("staged files: " + !stagedFiles().isEmpty());
            whileDownloading.add("view: " + Files.exists(prefix.resolve("view")));
            tee.onComplete();
        });

        TarballReader noOpenPgp = new TarballReader(() -> {
            throw new AssertionError("bytes the fetcher vouched for need no signature verifier here");
        }, policy(""), new SignatureTimeLedger(work.resolve("ledger"), false, log::add), log::add, log::add);
        InstallReceipt receipt = installer(check(key, ""), noOpenPgp)
                .install(SlurmInstaller.Request.of(NOBLE, source, prefix)).orElseThrow();

        assertEquals(List.of("staged files: true", "view: false"), whileDownloading,
                "files were unpacked before the download completed, and nothing was switched");
        assertEquals(Checksums.of(bytes).get("sha256"), receipt.sha256());
        assertEquals(Files.getLastModifiedTime(tarball).toMillis(), receipt.modified());
        assertTrue(Files.isRegularFile(prefix.resolve("view/bin/sinfo")));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Unpacked ") && l.endsWith(" as it downloaded")),
                log.toString());
        assertFalse(log.stream().anyMatch(l -> l.startsWith("Verified ")), "the fetcher said so already: " + log);
        assertTrue(check(key, "").isInstalled(NOBLE, tarball, prefix));
    }

    @Test
    void streamedBytesTheFetcherDidNotVouchForAreReadAgainFromTheFileWithTheirOwnCheck() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE).padding(1 << 20));
        byte[] bytes = Files.readAllBytes(tarball);
        StreamedBytes otherCount = new StreamedBytes(bytes.length - 1, Checksums.of(bytes).get("sha256"),
                new VerificationResult(NOBLE.toString(), key.fingerprint(), key.fingerprint(), Instant.now(),
                        "SHA512"));

        for (TarballSource source : List.of(streaming(tarball, bytes, Flow.Subscriber::onComplete),
                streaming(tarball, bytes, Flow.Subscriber::onComplete, otherCount))) {
            log.clear();
            InstallReceipt receipt = installer().install(SlurmInstaller.Request.of(NOBLE, source, prefix).force(true))
                    .orElseThrow();

            assertEquals(Checksums.of(bytes).get("sha256"), receipt.sha256());
            assertTrue(log.stream().anyMatch(l -> l.contains("handed over no signature check of the " + bytes.length
                    + " bytes")), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("Verified " + NOBLE)), "checked here: " + log);
            assertTrue(log.stream().anyMatch(l -> l.startsWith("Unpacked ") && !l.endsWith(" as it downloaded")),
                    log.toString());
            assertEquals(List.of(), staging());
        }
    }

    @Test
    void streamedBytesOtherThanTheLockedOnesAreRefusedAndNothingSwitched() throws Exception {
        Path noble = signed("noble.tar.gz", FixtureTarball.of(NOBLE));
        installer().install(request(NOBLE, noble, prefix));
        String before = view();
        Path rebuilt = signed("rebuilt.tar.gz", FixtureTarball.of(NOBLE).file("view/etc/rebuilt.txt", "rebuilt"));
        byte[] bytes = Files.readAllBytes(rebuilt);
        LockFile lock = LockFile.empty().with(new LockEntry(NOBLE, Checksums.of(Files.readAllBytes(noble))
                .get("sha256"), Files.size(noble), key.fingerprint(), Instant.now(), null));

        LockMismatchException e = assertThrows(LockMismatchException.class, () -> installer().install(SlurmInstaller
                .Request.of(NOBLE, streaming(rebuilt, bytes, Flow.Subscriber::onComplete), prefix).force(true)
                .lock(lock)));

        assertTrue(e.getMessage().contains("got " + Checksums.of(bytes).get("sha256")), e.getMessage());
        assertEquals(before, view());
        assertEquals(List.of(), staging());
    }

    @Test
    void bytesAlteredOnTheWayAreABadSignatureWhateverTheDownloadSaid() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE).padding(1 << 20));
        byte[] bytes = Files.readAllBytes(tarball);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(tarball, bytes); // what the download wrote: the fetcher vouches for nothing, the file is checked

        VerificationException e = assertThrows(VerificationException.class, () -> installer().install(
                SlurmInstaller.Request.of(NOBLE, streaming(tarball, bytes, Flow.Subscriber::onComplete), prefix)));

        assertEquals(VerificationException.Reason.BAD_SIGNATURE, e.reason(), e.getMessage());
        assertFalse(Files.exists(prefix.resolve("view")));
        assertEquals(List.of(), staging());
    }

    @Test
    void downloadThatFailsAfterItsLastByteSwitchesNothingAndLeavesNoStaging() throws Exception {
        Path noble = signed("noble.tar.gz", FixtureTarball.of(NOBLE));
        installer().install(request(NOBLE, noble, prefix));
        String before = view();
        Path tarball = signed("noble-7.tar.gz", FixtureTarball.of(NOBLE).patch("7").padding(1 << 20));
        byte[] bytes = Files.readAllBytes(tarball);

        // every byte arrived and verified, then Maven failed to record the file: nothing switches
        IOException e = assertThrows(IOException.class, () -> installer().install(SlurmInstaller.Request.of(NOBLE,
                streaming(tarball, bytes, tee -> {
                    tee.onComplete();
                    throw new IOException("Cannot resolve " + NOBLE + ": disk full");
                }), prefix).force(true)));

        assertEquals("Cannot resolve " + NOBLE + ": disk full", e.getMessage());
        assertEquals(before, view());
        assertEquals(List.of(), staging());
    }

    @Test
    void downloadCutMidwayAndServedWholeByAnotherRepositoryIsReadFromTheFile() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE).padding(2 << 20));
        byte[] half = Arrays.copyOf(Files.readAllBytes(tarball), (int) Files.size(tarball) / 2);
        TarballSource source = streaming(tarball, half, tee -> tee.onError(new IOException("connection reset")));

        InstallReceipt receipt = installer().install(SlurmInstaller.Request.of(NOBLE, source, prefix)).orElseThrow();

        assertEquals(Checksums.of(Files.readAllBytes(tarball)).get("sha256"), receipt.sha256());
        assertTrue(Files.isRegularFile(prefix.resolve("view/share/slurm/padding.bin")));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Unpacked ") && !l.endsWith(" as it downloaded")),
                log.toString());
        assertEquals(List.of(), staging());
    }

    @Test
    void hostileArchiveStreamedIsRefusedAndNothingLandsOutsideStaging() throws Exception {
        Path tarball = signed("hostile.tar.gz", FixtureTarball.of(NOBLE).file("view/../../escaped.txt", "owned"));

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> installer().install(
                SlurmInstaller.Request.of(NOBLE, streaming(tarball, Files.readAllBytes(tarball),
                        Flow.Subscriber::onComplete), prefix)));

        assertTrue(e.getMessage().contains("view/../../escaped.txt"), e.getMessage());
        try (Stream<Path> files = Files.walk(work)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("escaped.txt")));
        }
        assertFalse(Files.exists(prefix.resolve("view")));
        assertEquals(List.of(), staging());
    }

    private long stagedBytes() throws IOException {
        long total = 0;
        for (Path file : stagedFiles()) {
            total += Files.size(file);
        }
        return total;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void streamedBombUnderAForeignSignatureNeverPassesTheBoundOfUnverifiedBytes() throws Exception {
        Path genuine = signed("noble.tar.gz", FixtureTarball.of(NOBLE));
        Path bomb = FixtureTarball.of(NOBLE).zeros(256L << 20).padding(1 << 20).write(work.resolve("bomb.tar.gz"));
        Files.copy(FixtureCache.signaturePath(genuine), FixtureCache.signaturePath(bomb)); // another build's .asc
        byte[] bytes = Files.readAllBytes(bomb);
        long bound = Math.max(SafeTarExtractor.UNVERIFIED_FLOOR, SafeTarExtractor.UNVERIFIED_RATIO * bytes.length);
        // a transport refuses the signature at the end (onError); a lying one completes: the install's own check refuses
        List<Ending> endings = List.of(tee -> {
            tee.onError(new IOException("BAD_SIGNATURE"));
            throw new IOException("Refusing " + NOBLE + ": BAD_SIGNATURE");
        }, Flow.Subscriber::onComplete);
        for (Ending ending : endings) {
            List<Long> staged = new ArrayList<>();
            TarballSource source = streaming(bomb, bytes, tee -> {
                try {
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (stagedBytes() < bound - (1 << 20) && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    staged.add(stagedBytes());
                    Thread.sleep(300); // every byte arrived: the unpack waits for the verification, it does not grow
                    staged.add(stagedBytes());
                    Thread.sleep(300);
                    staged.add(stagedBytes());
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                ending.end(tee);
            });

            Exception e = assertThrows(Exception.class,
                    () -> installer().install(SlurmInstaller.Request.of(NOBLE, source, prefix)));

            assertTrue(e instanceof VerificationException || e.getMessage().contains("BAD_SIGNATURE"), e.toString());
            assertTrue(bytes.length < 2 << 20 && staged.get(0) >= bound - (1 << 20), bytes.length + " " + staged);
            assertTrue(staged.stream().allMatch(size -> size <= bound), staged + " staged, bound " + bound);
            assertEquals(staged.get(1), staged.get(2), "the unpack waits at the bound");
            assertFalse(Files.exists(prefix.resolve("view")), "nothing switched");
            assertEquals(List.of(), staging(), "the staging folder is removed");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void genuineBuildThatCompressesUnusuallyWellStillInstallsOnceVerified() throws Exception {
        Path tarball = signed("noble.tar.gz", FixtureTarball.of(NOBLE).zeros(128L << 20).padding(1 << 20));
        byte[] bytes = Files.readAllBytes(tarball);

        long bound = Math.max(SafeTarExtractor.UNVERIFIED_FLOOR, SafeTarExtractor.UNVERIFIED_RATIO * bytes.length);
        TarballSource source = streaming(tarball, bytes, tee -> {
            try { // the transport's check of the last byte comes once the unpack reached the bound
                while (stagedBytes() < bound - (1 << 20)) {
                    Thread.sleep(10);
                }
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            tee.onComplete();
        });

        InstallReceipt receipt = installer().install(SlurmInstaller.Request.of(NOBLE, source, prefix)).orElseThrow();

        assertEquals(Checksums.of(bytes).get("sha256"), receipt.sha256());
        assertEquals(128L << 20, Files.size(prefix.resolve("view/share/slurm/zeros.bin")));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Stopped unpacking at ")
                && l.endsWith("unpacking the downloaded file now that its signature verified")), log.toString());
        assertEquals(List.of(), staging());
    }
}
