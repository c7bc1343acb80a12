package ai.vantage.maven.slurm.available;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.available.AvailableBuild.Source;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.release.ExactRelease;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The availability table and its JSON: pure functions over the rows. */
class AvailabilityFormatTest {

    private static final Availability AVAILABILITY = new Availability(List.of(
            new AvailableBuild(SlurmCoordinate.parse("25.11:noble-arm64"), Source.LISTING, "current", 734_003_200L,
                    Instant.parse("2026-06-18T09:30:12Z"), Instant.parse("2026-06-18T09:01:00Z"),
                    ExactRelease.ofSpack("25-11-6-1")),
            new AvailableBuild(SlurmCoordinate.parse("24.11:jammy"), Source.PROBE, "previous", 512, null, null, null),
            new AvailableBuild(SlurmCoordinate.parse("25.11:noble"), Source.LISTING, "current", 2_362_232_013L,
                    Instant.parse("2026-06-18T09:30:12Z"), Instant.parse("2026-06-18T09:00:00Z"),
                    ExactRelease.ofSpack("25-11-6-1")),
            AvailableBuild.builtIn(SlurmCoordinate.parse("26.05:resolute"))),
            List.of("The cache's listing did not answer (403): probed the built-in series"));

    @Test
    void tableIsAlignedOrderedAndEndsWithTheNotes() {
        List<String> lines = AvailabilityFormat.table(AVAILABILITY);

        assertEquals(List.of(
                "SERIES  TOOLCHAIN  ARCH   RELEASE  LAYOUT    SIZE       LAST-MODIFIED      SIGNED             SOURCE",
                "24.11   jammy      amd64  -        previous  512 B      -                  -                  probe",
                "25.11   noble      amd64  25.11.6  current   2.2 GiB    2026-06-18 09:30Z  2026-06-18 09:00Z  listing",
                "25.11   noble      arm64  25.11.6  current   700.0 MiB  2026-06-18 09:30Z  2026-06-18 09:01Z  listing",
                "26.05   resolute   amd64  -        -         -          -                  -                  built-in",
                "The cache's listing did not answer (403): probed the built-in series"), lines);
    }

    @Test
    void jsonCarriesTheSameRowsWithNullsForTheUnknown() throws Exception {
        JsonNode root = new ObjectMapper().readTree(AvailabilityFormat.json(AVAILABILITY));

        JsonNode builds = root.path("builds");
        assertEquals(4, builds.size());
        JsonNode noble = builds.get(1);
        assertEquals("ai.vantage:slurm:25.11:tar.gz:noble", noble.path("artifact").asText());
        assertEquals("25.11.6", noble.path("release").asText());
        assertEquals(2_362_232_013L, noble.path("size").asLong());
        assertEquals("2026-06-18T09:30:12Z", noble.path("lastModified").asText());
        assertEquals("noble-arm64", builds.get(2).path("classifier").asText());
        assertTrue(builds.get(3).path("size").isNull() && builds.get(3).path("layout").isNull());
        assertEquals("built-in", builds.get(3).path("source").asText());
        assertEquals(1, root.path("notes").size());
    }

    @Test
    void lockEntriesOfAnotherSizeUpstreamAreMarked() {
        String sha256 = "a".repeat(64);
        String fpr = "FDEA90667641505264EFD114DFB92630BCA5AB71";
        Instant signed = Instant.parse("2026-06-18T09:00:00Z");
        LockFile lock = LockFile.empty()
                .with(new LockEntry(SlurmCoordinate.parse("25.11:noble"), sha256, 2_362_232_013L, fpr, signed, null))
                .with(new LockEntry(SlurmCoordinate.parse("25.11:noble-arm64"), sha256, 1, fpr, signed, null))
                .with(new LockEntry(SlurmCoordinate.parse("26.05:resolute"), sha256, 1, fpr, signed, null));

        List<String> notes = AVAILABILITY.against(lock).notes();

        assertEquals(List.of(AVAILABILITY.notes().get(0), "slurm.lock: ai.vantage:slurm:25.11:tar.gz:noble-arm64 is "
                + "locked at 1 bytes, upstream has 734003200: upstream rebuilt it; run slurm:lock to accept"), notes);
    }

    @Test
    void localCopiesOfAnotherSizeThanUpstreamAreMarked(@TempDir Path localRepository) throws Exception {
        Path rebuilt = localRepository.resolve(SlurmCoordinate.parse("24.11:jammy").mavenPath());
        Files.createDirectories(rebuilt.getParent());
        Files.write(rebuilt, new byte[511]);
        Path same = localRepository.resolve(SlurmCoordinate.parse("25.11:noble-arm64").mavenPath());
        Files.createDirectories(same.getParent());
        try (RandomAccessFile file = new RandomAccessFile(same.toFile(), "rw")) {
            file.setLength(734_003_200L);
        }

        List<String> notes = AVAILABILITY.againstLocal(localRepository).notes();

        assertEquals(List.of(AVAILABILITY.notes().get(0), "local repository: ai.vantage:slurm:24.11:tar.gz:jammy is 511 "
                + "bytes, upstream has 512: upstream rebuilt it; -Dslurm.refresh=true fetches and verifies it again"),
                notes);
    }

    @Test
    void sizesInBinaryUnits() {
        assertEquals("1023 B", AvailabilityFormat.size(1023));
        assertEquals("1.0 KiB", AvailabilityFormat.size(1024));
        assertEquals("1.5 GiB", AvailabilityFormat.size(3L << 29));
    }
}
