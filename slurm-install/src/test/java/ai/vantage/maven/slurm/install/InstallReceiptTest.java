package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receipt's file: what it says survives a write and a read, and receipts of earlier versions still read. */
class InstallReceiptTest {

    @TempDir
    Path prefix;

    @Test
    void whatIsWrittenIsReadBackWithNullsAndScriptOutcome() throws IOException {
        InstallReceipt installed = new InstallReceipt("ai.vantage:slurm:25.11:tar.gz:noble", "a".repeat(64), 1234,
                1_700_000_000_123L, null, "2026-11-25T23:00:00Z", "20261125T230000-25.11-noble", null, null, List.of(),
                null);
        installed.write(prefix);
        assertEquals(Optional.of(installed), InstallReceipt.read(prefix));

        InstallReceipt scripted = installed.withScript("/opt/slurm/install.sh", List.of("--full-init", "-v"), 3);
        scripted.write(prefix);
        assertEquals(Optional.of(scripted), InstallReceipt.read(prefix));
        assertTrue(Files.readString(prefix.resolve(InstallReceipt.FILE)).contains("\"exitCode\" : 3"),
                "pretty-printed as before, so operators and scripts read it alike");

        InstallReceipt described = scripted.withSbom("releases/20261125T230000-25.11-noble/sbom.cdx.json",
                "c".repeat(64));
        described.write(prefix);
        assertEquals(Optional.of(described), InstallReceipt.read(prefix));
        assertTrue(Files.readString(prefix.resolve(InstallReceipt.FILE)).contains(
                "\"sbom\" : \"releases/20261125T230000-25.11-noble/sbom.cdx.json\""), "names the release's SBOM");
    }

    @Test
    void receiptOfTheEarlierObjectMapperFormatStillReads() throws IOException {
        // as written by the 0.1 plugin (Jackson databind, INDENT_OUTPUT), plus a field of some later version
        Files.writeString(prefix.resolve(InstallReceipt.FILE), """
                {
                  "coordinate" : "ai.vantage:slurm:25.11:tar.gz:noble",
                  "sha256" : "%s",
                  "size" : 269000000,
                  "modified" : 1764111600000,
                  "signerFingerprint" : "FDEA90667641505264EFD114DFB92630BCA5AB71",
                  "installedAt" : "2026-11-24T10:15:00Z",
                  "release" : "20261124T101500-25.11-noble",
                  "slurmRelease" : "25.11.6",
                  "script" : "/opt/slurm/releases/r/view/assets/slurm_assets/slurm_install.sh",
                  "arguments" : [ "--full-init" ],
                  "exitCode" : 0,
                  "addedLater" : { "nested" : [ 1, 2 ] }
                }
                """.formatted("b".repeat(64)));

        InstallReceipt receipt = InstallReceipt.read(prefix).orElseThrow();

        assertEquals(new InstallReceipt("ai.vantage:slurm:25.11:tar.gz:noble", "b".repeat(64), 269_000_000L,
                1_764_111_600_000L, "FDEA90667641505264EFD114DFB92630BCA5AB71", "2026-11-24T10:15:00Z",
                "20261124T101500-25.11-noble", "25.11.6",
                "/opt/slurm/releases/r/view/assets/slurm_assets/slurm_install.sh", List.of("--full-init"), 0), receipt);
    }

    @Test
    void damagedReceiptSaysWhichFileAndWhatToDo() throws IOException {
        Path file = Files.writeString(prefix.resolve(InstallReceipt.FILE), "{ \"coordinate\" : \"ai.vantage:slu");

        IOException e = assertThrows(IOException.class, () -> InstallReceipt.read(prefix));

        assertTrue(e.getMessage().startsWith("Cannot read the install receipt " + file), e.getMessage());
        assertTrue(e.getMessage().endsWith("delete it to install again"), e.getMessage());
        Files.writeString(file, "[]");
        assertThrows(IOException.class, () -> InstallReceipt.read(prefix), "not a receipt");
    }
}
