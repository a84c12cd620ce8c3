package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.samples.cli.ToolUnderSpark.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal train --spark} as {@code spark-submit} runs it ({@link ToolUnderSpark}).
 * The run folder it writes continues on one machine with {@code java -jar anneal.jar}; bad input
 * is one message and exit 2 with nothing written. Loopback only.
 */
class TrainOnSparkIT {
    @TempDir
    Path dir;

    private Output sparkSubmit(String... args) throws IOException, InterruptedException {
        return ToolUnderSpark.sparkSubmit(dir, 180, args);
    }

    private Output sparkSubmitWithin(int seconds, String... args) throws IOException, InterruptedException {
        return ToolUnderSpark.sparkSubmit(dir, seconds, args);
    }

    private Output javaJar(String... args) throws IOException, InterruptedException {
        return ToolUnderSpark.javaJar(dir, args);
    }

    @Test
    void sparkSubmitTrainsARunThatContinuesOnOneMachine() throws Exception {
        Path out = dir.resolve("spark");

        Output spark = sparkSubmit("train", "--spark", "local[2]", "--workers", "2", "--batch", "16",
                "--average-every", "5", "--epochs", "3", "--stop-after", "2", "--out", out.toString());

        assertEquals(0, spark.exitCode(), spark.out() + spark.err());
        assertTrue(spark.out().contains("spark: local[2], 2 workers x batch 16, averaging every 5 steps"), spark.out());
        assertTrue(spark.out().contains("batch 32, 3 epochs"), spark.out());
        assertTrue(spark.out().contains("\ndevice: cpu, on each Spark executor\n"), spark.out());
        assertFalse(spark.out().contains("cpu: as asked"), "no --device was given: " + spark.out());
        assertTrue(spark.out().contains("    2 |"), spark.out());
        assertTrue(Files.exists(out.resolve("checkpoints/epoch-0002.ckpt")), "epoch 2's checkpoint");
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"stopped\""), Files.readString(out.resolve("run.json")));

        Output alone = javaJar("train", "--device", "cpu", "--batch", "32", "--epochs", "3", "--out", out.toString());

        assertEquals(0, alone.exitCode(), alone.out() + alone.err());
        assertTrue(alone.out().contains("resuming " + out + " from epoch 2"), alone.out());
        assertTrue(alone.out().contains("    3 |"), alone.out());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"finished\""));
        assertEquals(3, Files.readAllLines(out.resolve("epochs.jsonl")).size());
    }

    @Test
    void badInputUnderSparkIsOneMessageAndExitTwoWithNothingWritten() throws Exception {
        Output many = sparkSubmit("train", "--spark", "local[2]", "--workers", "801", "--out", dir.resolve("a").toString());
        assertEquals(2, many.exitCode(), many.err());
        assertEquals("anneal train: workers must be <= the training rows (800), got 801", many.firstErrorLine());

        // Spark alone would retry a missing master for a minute; Anneal refuses it at once
        Output unreachable = sparkSubmitWithin(45, "train", "--spark", "spark://127.0.0.1:1", "--out", dir.resolve("b").toString());
        assertEquals(2, unreachable.exitCode(), unreachable.err());
        assertEquals("anneal train: --spark spark://127.0.0.1:1: cannot connect to the Spark master; is it running?",
                unreachable.firstErrorLine());

        for (String folder : new String[] {"a", "b"}) {
            assertFalse(Files.exists(dir.resolve(folder)), folder);
        }
    }
}
