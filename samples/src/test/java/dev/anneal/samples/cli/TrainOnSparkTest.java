package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal train --spark local[2]}: the same output folder as a single machine; bad input exits 2 with nothing written. */
class TrainOnSparkTest {
    @TempDir
    Path dir;

    @Test
    void trainsOnTwoWorkersIntoTheSameFolderAsOneMachine() throws IOException {
        Path out = dir.resolve("spark");
        AnnealRun run = AnnealRun.of("train", "--spark", "local[2]", "--workers", "2", "--batch", "16",
                "--average-every", "5", "--epochs", "3", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("spark: local[2], 2 workers x batch 16, averaging every 5 steps"), run.out());
        assertTrue(run.out().contains("batch 32, 3 epochs"), run.out());
        for (String f : new String[] {"run.json", "final.ckpt", "history.csv", "checkpoints/last.ckpt"}) {
            assertTrue(Files.exists(out.resolve(f)), f + " in " + out);
        }
        assertTrue(Files.readString(out.resolve("run.json")).contains("finished"));
    }

    @Test
    void badInputIsRefusedWithOneMessageAndNothingWritten() {
        AnnealRun many = AnnealRun.of("train", "--spark", "local[2]", "--workers", "801", "--out",
                dir.resolve("a").toString());
        assertEquals(2, many.exitCode(), many.err());
        assertEquals("anneal train: workers must be <= the training rows (800), got 801", many.errLines().getFirst());
        AnnealRun alone = AnnealRun.of("train", "--workers", "2", "--out", dir.resolve("b").toString());
        assertEquals(2, alone.exitCode(), alone.err());
        assertTrue(alone.errLines().getFirst().contains("--workers goes with --spark MASTER"), alone.err());
        AnnealRun schedule = AnnealRun.of("train", "--spark", "local[2]", "--schedule", "cosine(", "--out",
                dir.resolve("c").toString());
        assertEquals(2, schedule.exitCode(), schedule.err());
        AnnealRun unreachable = AnnealRun.of("train", "--spark", "spark://127.0.0.1:1", "--out",
                dir.resolve("d").toString());
        assertEquals(2, unreachable.exitCode(), unreachable.err());
        assertEquals("anneal train: --spark spark://127.0.0.1:1: cannot connect to the Spark master; is it running?",
                unreachable.errLines().getFirst());
        for (String folder : new String[] {"a", "b", "c", "d"}) {
            assertFalse(Files.exists(dir.resolve(folder)), folder);
        }
    }
}
