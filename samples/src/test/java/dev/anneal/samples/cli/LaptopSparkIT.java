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
}
