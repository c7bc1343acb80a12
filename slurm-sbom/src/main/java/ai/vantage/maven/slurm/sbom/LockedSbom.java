package ai.vantage.maven.slurm.sbom;

import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SBOM {@code slurm:lock} keeps of each locked build, in {@code slurm.lock.d/} beside {@code slurm.lock}, whose
 * entry records its sha256: committed with the lock, it is what {@code slurm:diff} compares upstream's rebuild with.
 */
public final class LockedSbom {

    /** The folder beside {@code slurm.lock}. */
    public static final String FOLDER = "slurm.lock.d";

    private LockedSbom() {}

    /** Where the lock at {@code lockFile} keeps the SBOM of {@code coordinate}. */
    public static Path file(Path lockFile, SlurmCoordinate coordinate) {
        return lockFile.resolveSibling(FOLDER).resolve("slurm-" + coordinate.series() + "-" + coordinate.classifier()
                + "-cyclonedx.json");
    }

    /**
     * The SBOM the lock keeps for {@code entry}, after its sha256 matched the entry's.
     *
     * @throws IOException when the entry records none, the file is missing, or it is not the file the lock recorded
     */
    public static byte[] read(Path lockFile, LockEntry entry) throws IOException {
        String recorded = entry.sbom().orElseThrow(() -> new IOException(lockFile + " keeps no SBOM of "
                + entry.coordinate() + ": run slurm:lock again (it keeps one when the toolchain has a signed Spack "
                + "mirror)"));
        Path file = file(lockFile, entry.coordinate());
        if (!Files.isRegularFile(file)) {
            throw new IOException("The SBOM " + lockFile + " records for " + entry.coordinate() + " is missing: "
                    + file + "; run slurm:lock again");
        }
        byte[] json = Files.readAllBytes(file);
        String actual = Checksums.of(json).get("sha256");
        if (!actual.equals(recorded)) {
            throw new IOException("Refusing " + file + ": its sha256 is " + actual + ", " + lockFile + " records "
                    + recorded + " (changed since slurm:lock wrote it)");
        }
        return json;
    }
}
