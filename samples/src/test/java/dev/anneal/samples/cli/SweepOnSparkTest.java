package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal sweep --spark} where Spark is absent, as with {@code java -jar anneal.jar} (this
 * module's tests have no Spark on their class path): one message that says how to run it, exit 2,
 * nothing written; and the options that go with Spark or without it. Under Spark: {@code SweepOnSparkIT}.
 */
class SweepOnSparkTest {
    @TempDir
    Path dir;

    @Test
    void withoutSparkOnTheClassPathTheToolSaysHowToRunIt() {
        AnnealRun run = AnnealRun.of("sweep", "--spark", "local[2]", "--schedule", "cosine()", "--epochs", "2",
                "--out", dir.resolve("a").toString());

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("anneal sweep: --spark needs Apache Spark 4.2 on the class path: run the tool with bin/anneal sweep "
                + "--spark ... (or spark-submit --class dev.anneal.samples.cli.Anneal anneal.jar sweep --spark ...)", run.errLines().getFirst());
        assertEquals("", run.out());
        assertFalse(Files.exists(dir.resolve("a")));
    }

    @Test
    void workersGoWithASparkMasterAndParallelWithout() {
        AnnealRun workers = AnnealRun.of("sweep", "--workers", "2", "--schedule", "cosine()",
                "--out", dir.resolve("b").toString());
        AnnealRun parallel = AnnealRun.of("sweep", "--spark", "local[2]", "--parallel", "2", "--schedule", "cosine()",
                "--out", dir.resolve("c").toString());

        assertEquals(2, workers.exitCode(), workers.err());
        assertEquals("--workers goes with --spark MASTER (without Spark: --parallel N)", workers.errLines().getFirst());
        assertEquals(2, parallel.exitCode(), parallel.err());
        assertEquals("--parallel goes without --spark (on Spark: --workers N)", parallel.errLines().getFirst());
        assertFalse(Files.exists(dir.resolve("b")));
        assertFalse(Files.exists(dir.resolve("c")));
    }
}
