package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The laptop path: {@code ./build.sh anneal train --spark 'local[2]'} from the built tree, in a child
 * process, with nothing of Spark installed. The launcher runs the tool through Spark's {@code SparkSubmit}
 * with the Spark jars the build resolved and Spark's JVM flags; the console has no SLF4J line and no
 * Spark INFO line. Loopback only ({@code local[2]}).
 */
class LaptopSparkIT {
    private static final Path BUILD_SH = Path.of("..", "build.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Output(int exitCode, String out, String err) {
    }

    private Output buildShAnneal(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BUILD_SH.toString(), "anneal"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("ANNEAL_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        try {
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                throw new AssertionError("no exit within 240 s: " + command);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        return new Output(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    private static void assertQuietConsole(Output run) {
        String console = run.out() + run.err();
        assertFalse(run.err().contains("building the anneal tool"), "the built tree is used as it is: " + run.err());
        assertFalse(console.contains("SLF4J"), console);
        assertFalse(console.contains(" INFO "), console);
        assertFalse(console.contains("WARNING"), console);
    }

    @Test
    void trainOnLocalSparkFromTheBuiltTree() throws Exception {
        Path out = dir.resolve("runs/spark");

        Output run = buildShAnneal("train", "--spark", "local[2]", "--workers", "2", "--batch", "16", "--epochs", "3",
                "--out", out.toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertQuietConsole(run);
        assertTrue(run.out().contains("spark: local[2], 2 workers x batch 16"), run.out());
        assertTrue(run.out().contains("    3 |"), run.out());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"finished\""), Files.readString(out.resolve("run.json")));
        assertEquals(3, Files.readAllLines(out.resolve("epochs.jsonl")).size());
        assertTrue(Files.exists(out.resolve("final.ckpt")), "final.ckpt");
    }

    @Test
    void sweepOnLocalSparkFromTheBuiltTree() throws Exception {
        Path out = dir.resolve("sweeps/a");

        Output run = buildShAnneal("sweep", "--spark", "local[2]", "--schedule", "warmup({w}) then cosine()",
                "--hole", "w in [0, 1.epochs]", "--lr", "0.03,0.1", "--epochs", "2", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertQuietConsole(run);
        assertTrue(run.out().contains("spark: local[2], a Spark task per trial and rung"), run.out());
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(5, csv.size(), "a header and 4 trials: " + csv);
        assertEquals(4, csv.stream().skip(1).filter(l -> l.contains("finished")).count(), String.join("\n", csv));
    }

    @Test
    void dataByUriIsReadByTheExecutorsAndTheRunContinues() throws Exception {
        // the shared set as a folder of two part files, named by a glob URI
        List<String> lines = Files.readAllLines(Path.of("..", "..", "shared", "data", "synth-1000x20.csv"));
        Path parts = Files.createDirectories(dir.resolve("parts"));
        Files.write(parts.resolve("part-0.csv"), lines.subList(0, 501));
        List<String> second = new ArrayList<>(List.of(lines.get(0)));
        second.addAll(lines.subList(501, lines.size()));
        Files.write(parts.resolve("part-1.csv"), second);
        String uri = parts.toUri() + "*.csv";
        Path out = dir.resolve("runs/uri");
        List<String> train = List.of("train", "--spark", "local[2]", "--workers", "2", "--batch", "16", "--epochs", "3",
                "--data", uri, "--out", out.toString());

        List<String> first = new ArrayList<>(train);
        first.addAll(List.of("--stop-after", "2"));
        Output stopped = buildShAnneal(first.toArray(String[]::new));
        Output continued = buildShAnneal(train.toArray(String[]::new));

        assertEquals(0, stopped.exitCode(), stopped.out() + stopped.err());
        assertQuietConsole(stopped);
        assertTrue(stopped.out().startsWith("data: " + uri + ", 1000 rows x 20 features, 2 classes, "), stopped.out());
        assertEquals(0, continued.exitCode(), continued.out() + continued.err());
        assertTrue(continued.out().contains("resuming " + out + " from epoch 2"), continued.out());
        assertTrue(continued.out().contains("    3 |"), continued.out());
        assertTrue(Files.readString(out.resolve("run.json")).contains("rowsum:"), "the data's identity: a sum of row hashes");
        assertEquals(3, Files.readAllLines(out.resolve("epochs.jsonl")).size());

        Output missing = buildShAnneal("train", "--spark", "local[2]", "--data", dir.toUri() + "nowhere/*.csv",
                "--out", dir.resolve("missing").toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertEquals(1, missing.err().lines().count(), "one line: " + missing.err());
        assertTrue(missing.err().startsWith("anneal train: " + dir.toUri() + "nowhere/*.csv: "), missing.err());
        assertFalse(Files.exists(dir.resolve("missing")));
    }
}
