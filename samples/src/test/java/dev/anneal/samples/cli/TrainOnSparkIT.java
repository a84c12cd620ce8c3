package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal train --spark} as {@code spark-submit} runs it: a child JVM with Spark's jars on the
 * class path (those of the spark module's build, what a Spark distribution's {@code jars/} holds)
 * starting Spark's {@code SparkSubmit} with {@code --class dev.anneal.samples.cli.Anneal anneal.jar}.
 * The run folder it writes continues on one machine with {@code java -jar anneal.jar}; bad input
 * is one message and exit 2 with nothing written. Loopback only.
 */
class TrainOnSparkIT {
    private static final Path JAR = Path.of("target", "anneal.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private record Output(int exitCode, String out, String err) {
        String firstErrorLine() {
            return err.lines().filter(l -> l.startsWith("anneal ")).findFirst().orElse(err);
        }
    }

    private Output sparkSubmit(String... args) throws IOException, InterruptedException {
        return sparkSubmitWithin(180, args);
    }

    /** {@code spark-submit --master local[2] --class ... anneal.jar ARGS}, as Spark's script runs it, ending within {@code seconds}. */
    private Output sparkSubmitWithin(int seconds, String... args) throws IOException, InterruptedException {
        String classPath = Files.readString(Path.of(System.getProperty("anneal.spark.classpath"))).strip();
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(Arrays.asList(System.getProperty("anneal.spark.jvmFlags").trim().split("\\s+")));
        command.addAll(List.of("-cp", classPath, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--class", "dev.anneal.samples.cli.Anneal", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return run(command, seconds);
    }

    private Output javaJar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return run(command, 180);
    }

    /** Runs {@code command}; fails when it has not ended after {@code seconds} (a hang). */
    private Output run(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectOutput(dir.resolve("stdout.txt").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("no exit within " + seconds + " s: " + command);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        return new Output(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void sparkSubmitTrainsARunThatContinuesOnOneMachine() throws Exception {
        Path out = dir.resolve("spark");

        Output spark = sparkSubmit("train", "--spark", "local[2]", "--workers", "2", "--batch", "16",
                "--average-every", "5", "--epochs", "3", "--stop-after", "2", "--out", out.toString());

        assertEquals(0, spark.exitCode(), spark.out() + spark.err());
        assertTrue(spark.out().contains("spark: local[2], 2 workers x batch 16, averaging every 5 steps"), spark.out());
        assertTrue(spark.out().contains("batch 32, 3 epochs"), spark.out());
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
