package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal train --spark} where Spark is absent, as with {@code java -jar anneal.jar} (this
 * module's tests have no Spark on their class path, as anneal.jar has none): one message that says
 * how to run it, exit 2, nothing written. Under Spark: {@code TrainOnSparkIT}.
 */
class TrainOnSparkTest {
    @TempDir
    Path dir;

    @Test
    void withoutSparkOnTheClassPathTheToolSaysHowToRunIt() {
        AnnealRun run = AnnealRun.of("train", "--spark", "local[2]", "--out", dir.resolve("a").toString());

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("anneal train: --spark needs Apache Spark 4.2 on the class path: run the tool with bin/anneal train "
                + "--spark ... (or spark-submit --class dev.anneal.samples.cli.Anneal anneal.jar train --spark ...)", run.errLines().getFirst());
        assertFalse(Files.exists(dir.resolve("a")));
    }

    @Test
    void workersAndAveragingGoWithASparkMaster() {
        AnnealRun workers = AnnealRun.of("train", "--workers", "2", "--out", dir.resolve("b").toString());
        AnnealRun every = AnnealRun.of("train", "--average-every", "3", "--out", dir.resolve("c").toString());

        assertEquals(2, workers.exitCode(), workers.err());
        assertEquals("--workers goes with --spark MASTER", workers.errLines().getFirst());
        assertEquals(2, every.exitCode(), every.err());
        assertEquals("--average-every goes with --spark MASTER", every.errLines().getFirst());
        assertFalse(Files.exists(dir.resolve("b")));
    }
}
