package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.samples.cli.ToolUnderSpark.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal sweep --spark} as {@code spark-submit} runs it ({@link ToolUnderSpark}) writes the
 * {@code sweep.csv} of a local {@code anneal sweep} with the same options, byte for byte; bad input
 * is one message and exit 2 with nothing written. Loopback only.
 */
class SweepOnSparkIT {
    /** 4 trials with halving: rungs at epochs 1, 2 and 4. */
    private static final List<String> SWEEP = List.of("sweep", "--schedule", "warmup({w}) then cosine()",
            "--hole", "w in [0, 1.epochs]", "--lr", "0.03,0.3", "--epochs", "4", "--halving", "eta=2,min-epochs=1");

    @TempDir
    Path dir;

    private static String[] sweep(String... more) {
        List<String> all = new ArrayList<>(SWEEP);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void sparkSubmitWritesTheSweepCsvOfALocalSweep() throws Exception {
        Path spark = dir.resolve("spark");
        Path local = dir.resolve("local");

        Output onSpark = ToolUnderSpark.sparkSubmit(dir, 300, sweep("--spark", "local[2]", "--out", spark.toString()));
        Output alone = ToolUnderSpark.javaJar(dir, sweep("--parallel", "2", "--out", local.toString()));

        assertEquals(0, onSpark.exitCode(), onSpark.out() + onSpark.err());
        assertEquals(0, alone.exitCode(), alone.out() + alone.err());
        assertTrue(onSpark.out().contains("sweep: 4 trials (grid), 4 epochs each, 2 at once, halving eta=2"), onSpark.out());
        assertTrue(onSpark.out().contains("spark: local[2], a Spark task per trial and rung"), onSpark.out());
        String csv = Files.readString(local.resolve("sweep.csv"));
        assertEquals(5, csv.lines().count(), csv);
        assertEquals(csv, Files.readString(spark.resolve("sweep.csv")));
        for (String f : new String[] {"sweep.json", "best.ckpt", "plan.json", "val-loss.png", "trials/trial-001/run.json",
                "trials/trial-004/history.csv"}) {
            assertTrue(Files.exists(spark.resolve(f)), f);
        }
        assertEquals(Files.readString(local.resolve("plan.json")), Files.readString(spark.resolve("plan.json")));
    }

    @Test
    void badInputUnderSparkIsOneMessageAndExitTwoWithNothingWritten() throws Exception {
        Output unreachable = ToolUnderSpark.sparkSubmit(dir, 45, sweep("--spark", "spark://127.0.0.1:1",
                "--out", dir.resolve("a").toString()));
        assertEquals(2, unreachable.exitCode(), unreachable.err());
        assertEquals("anneal sweep: --spark spark://127.0.0.1:1: cannot connect to the Spark master; is it running?",
                unreachable.firstErrorLine());

        Output noValues = ToolUnderSpark.sparkSubmit(dir, 180, "sweep", "--spark", "local[2]", "--schedule",
                "warmup({w}) then cosine()", "--hole", "w in []", "--out", dir.resolve("b").toString());
        assertEquals(2, noValues.exitCode(), noValues.err());
        assertEquals("anneal sweep: hole 'w' has no values", noValues.firstErrorLine());

        for (String folder : new String[] {"a", "b"}) {
            assertFalse(Files.exists(dir.resolve(folder)), folder);
        }
    }
}
