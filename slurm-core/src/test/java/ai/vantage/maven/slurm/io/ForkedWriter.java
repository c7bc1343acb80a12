package ai.vantage.maven.slurm.io;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A second process writing the ledger or the lock file, for the tests that share them between processes:
 * {@code ledger <dir> <coordinate> <first epoch second> <count> <step>} accepts {@code count} signature times
 * ({@code count} 0: forever, for a test that kills it mid-write), {@code lock <file> <first index> <count>} adds
 * entries. Exits 1 on any failure but a rollback refusal.
 */
public final class ForkedWriter {

    private ForkedWriter() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("ledger")) {
            SignatureTimeLedger ledger = new SignatureTimeLedger(Path.of(args[1]), false, w -> {});
            long first = Long.parseLong(args[3]);
            long count = Long.parseLong(args[4]);
            long step = Long.parseLong(args[5]);
            for (long i = 0; count == 0 || i < count; i++) {
                try {
                    ledger.record(args[2], signed(args[2], Instant.ofEpochSecond(first + i * step)));
                } catch (VerificationException e) {
                    // a rollback refusal: the other process recorded a newer time first
                }
            }
        } else {
            int first = Integer.parseInt(args[2]);
            int count = Integer.parseInt(args[3]);
            for (int i = first; i < first + count; i++) {
                LockEntry entry = entry(i);
                LockFile.update(Path.of(args[1]), lock -> lock.with(entry));
            }
        }
    }

    /** A signed result for {@code coordinate} at {@code time}. */
    public static VerificationResult signed(String coordinate, Instant time) {
        return new VerificationResult(coordinate, "AA".repeat(20), "AA".repeat(20), time, "SHA512");
    }

    /** The {@code i}-th of many distinct lock entries. */
    public static LockEntry entry(int i) {
        SlurmCoordinate coordinate = SlurmCoordinate.of(String.format("%02d.%02d", 10 + i / 12, i % 12 + 1), "noble");
        return new LockEntry(coordinate, "a".repeat(64), i, "AA".repeat(20), Instant.EPOCH, null);
    }

    /** Starts this class in a JVM of its own, on the tests' class path. */
    public static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ForkedWriter.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    }
}
