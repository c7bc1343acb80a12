package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real GnuPG in a throw-away home folder, to make keys and signatures the way the Slurm Factory does. */
final class Gpg implements AutoCloseable {

    private final Path home;

    private Gpg(Path home) {
        this.home = home;
    }

    /** A GnuPG home in {@code folder}; skips the calling test when gpg is not installed. */
    static Gpg start(Path folder) throws IOException, InterruptedException {
        assumeTrue(installed(), "gpg is not installed: the signature tests need GnuPG (apt-get install gnupg; "
                + ".ci/run installs it)");
        Path home = Files.createDirectories(folder.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        return new Gpg(home);
    }

    private static boolean installed() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes a primary key, usage {@code sign} (or {@code cert}), and returns its fingerprint. */
    String generate(String email, String algorithm, String usage, String expire, Long fakedTime) throws Exception {
        List<String> args = new ArrayList<>(faked(fakedTime));
        args.addAll(List.of("--quick-gen-key", "Test <" + email + ">", algorithm, usage, expire));
        run(args);
        return fingerprints(email).get(0);
    }

    /** Adds a subkey to {@code primary} and returns its fingerprint. */
    String addSubkey(String primary, String algorithm, String usage) throws Exception {
        run(List.of("--quick-add-key", primary, algorithm, usage, "never"));
        List<String> all = fingerprints(primary);
        return all.get(all.size() - 1);
    }

    /** The fingerprints of the key {@code id}: primary first, then its subkeys. */
    List<String> fingerprints(String id) throws Exception {
        List<String> fingerprints = new ArrayList<>();
        for (String line : run(List.of("--with-colons", "--list-keys", id)).split("\n")) {
            if (line.startsWith("fpr:")) {
                fingerprints.add(line.split(":")[9]);
            }
        }
        return fingerprints;
    }

    /** A detached signature by exactly the key {@code fingerprint}, armored unless {@code --no-armor} is passed. */
    Path sign(String fingerprint, Path file, String name, Long fakedTime, String... extra) throws Exception {
        Path asc = file.resolveSibling(name);
        List<String> args = new ArrayList<>(faked(fakedTime));
        args.addAll(List.of("--ignore-time-conflict", "--armor", "-u", fingerprint + "!"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--output", asc.toString(), "--detach-sign", file.toString()));
        run(args);
        return asc;
    }

    /** Sets the expiry of {@code fingerprint} to {@code expire} after the (faked) current time. */
    void setExpiry(String fingerprint, String expire, Long fakedTime) throws Exception {
        List<String> args = new ArrayList<>(faked(fakedTime));
        args.addAll(List.of("--quick-set-expire", fingerprint, expire));
        run(args);
    }

    /** Revokes the primary key with the revocation certificate GnuPG made when it was generated. */
    void revoke(String fingerprint) throws Exception {
        String certificate = Files.readString(home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev"));
        Path armored = home.resolve(fingerprint + ".rev.asc");
        // GnuPG guards the stored certificate against accidental import with a leading colon
        Files.writeString(armored, certificate.replace(":-----BEGIN", "-----BEGIN"));
        run(List.of("--import", armored.toString()));
    }

    /** Revokes the {@code index}-th subkey (1 = first) of {@code primary}. */
    void revokeSubkey(String primary, int index) throws Exception {
        run(List.of("--command-fd", "0", "--edit-key", primary),
                "key " + index + "\nrevkey\ny\n0\n\ny\nsave\n");
    }

    /** Every public key in the home, armored. */
    byte[] exportPublic(String... ids) throws Exception {
        List<String> args = new ArrayList<>(List.of("--armor", "--export"));
        args.addAll(List.of(ids));
        return run(args).getBytes(StandardCharsets.US_ASCII);
    }

    String run(List<String> args) throws Exception {
        return run(args, "");
    }

    private String run(List<String> args, String input) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        command.addAll(args);
        Path err = Files.createTempFile(home, "gpg", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("gpg failed: " + command + "\n" + Files.readString(err));
        }
        return out;
    }

    private static List<String> faked(Long time) {
        return time == null ? List.of() : List.of("--faked-system-time", time + "!");
    }

    /** Stops the gpg-agent this home started. */
    @Override
    public void close() throws Exception {
        Process process = new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
