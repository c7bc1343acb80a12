package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder per generation of a build and one pointer: what is served, what is deleted, and when. */
class GenerationFoldersTest {

    @TempDir
    Path root;

    private Path prepared(GenerationFolders layout, String content) throws IOException {
        Path generation = layout.prepare(FixtureCache.NOBLE);
        Files.writeString(generation.resolve(FixtureCache.NOBLE.mavenFileName()), content);
        return generation;
    }

    @Test
    void aSwitchServesTheNewSetAndDeletesTheReplacedOneAfterTheGrace() throws Exception {
        GenerationFolders layout = new GenerationFolders(root, Duration.ofMillis(200));
        Path first = prepared(layout, "first");
        Path second = prepared(layout, "second");
        assertTrue(layout.tarball(FixtureCache.NOBLE).isEmpty(), "nothing is served before a switch");

        layout.switchTo(FixtureCache.NOBLE, first);
        layout.switchTo(FixtureCache.NOBLE, second);

        assertEquals("second", Files.readString(layout.tarball(FixtureCache.NOBLE).orElseThrow()));
        assertTrue(Files.exists(first), "kept for the grace");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.exists(first) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(first), "deleted after the grace");
        assertEquals(List.of(FixtureCache.NOBLE), layout.stored());
    }

    @Test
    void cleanDeletesEveryGenerationThePointerDoesNotName() throws Exception {
        GenerationFolders layout = new GenerationFolders(root, Duration.ofHours(1));
        Path served = prepared(layout, "served");
        layout.switchTo(FixtureCache.NOBLE, served);
        Path replaced = prepared(layout, "replaced");
        layout.switchTo(FixtureCache.NOBLE, replaced);
        layout.switchTo(FixtureCache.NOBLE, served);
        Path halfWritten = prepared(layout, "half");

        assertEquals(2, layout.clean());

        assertFalse(Files.exists(replaced));
        assertFalse(Files.exists(halfWritten));
        assertEquals("served", Files.readString(layout.tarball(FixtureCache.NOBLE).orElseThrow()));
    }

    @Test
    void aRemovedBuildLeavesNothingAndAPointerNamingNoGenerationIsAnError() throws Exception {
        GenerationFolders layout = new GenerationFolders(root, Duration.ofHours(1));
        layout.switchTo(FixtureCache.NOBLE, prepared(layout, "served"));
        layout.remove(FixtureCache.NOBLE);
        assertTrue(layout.tarball(FixtureCache.NOBLE).isEmpty());
        assertEquals(List.of(), layout.stored());

        Path pointer = root.resolve(GenerationFolders.FOLDER).resolve("25.11").resolve(FixtureCache.NOBLE.classifier())
                .resolve(GenerationFolders.POINTER);
        Files.writeString(pointer, "../../elsewhere");
        IOException e = assertThrows(IOException.class, () -> layout.tarball(FixtureCache.NOBLE));
        assertTrue(e.getMessage().contains("names '../../elsewhere', not a generation (g<digits>)"), e.getMessage());
    }
}
