package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anneal.gpu.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal train} with bad input: exit code 2, the problem named on stderr's first line (with the
 * CSV line and column, the schedule's position), no stack trace, and no output folder left behind.
 */
class TrainBadInputTest {
    @TempDir
    Path dir;

    private AnnealRun train(String... args) {
        String[] all = Stream.concat(Stream.of("train", "--out", dir.resolve("out").toString()), Stream.of(args))
                .toArray(String[]::new);
        return AnnealRun.of(all);
    }

    /** Exit 2, stderr starting with {@code message}, no stack trace, nothing left in the temporary folder. */
    private void assertRefused(AnnealRun run, String message, Path... inputs) throws IOException {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.errLines().getFirst().contains(message), "first line of: " + run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(inputs), left.sorted().toList(), "only the inputs are left in " + dir);
        }
    }

    /** A runtime problem is one line on stderr and nothing on stdout. */
    private void assertOneLine(AnnealRun run) {
        assertEquals(1, run.errLines().size(), run.err());
        assertEquals("", run.out());
    }

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), text);
    }

    @Test
    void aDataUriWithoutSparkSaysWhoReadsIt() throws IOException {
        AnnealRun run = train("--data", "hdfs://namenode/data/train.csv");

        assertRefused(run, "anneal train: --data hdfs://namenode/data/train.csv: only anneal train --spark reads a URI "
                + "(on the Spark executors); give a local CSV file");
    }

    @Test
    void cudaGraphsTakesOnOrOff() throws IOException {
        AnnealRun run = train("--cuda-graphs", "maybe");

        assertRefused(run, "Invalid value for option '--cuda-graphs': expected on or off, got 'maybe'");
    }

    @Test
    void unknownOptionIsNamedWithTheShortUsage() throws IOException {
        AnnealRun run = train("--colour", "red");

        assertRefused(run, "Unknown options: '--colour', 'red'");
        assertEquals(List.of("Unknown options: '--colour', 'red'", "Usage: anneal train [OPTIONS]", "see anneal train --help"),
                run.errLines());
    }

    @Test
    void malformedScheduleShowsTheColumn() throws IOException {
        AnnealRun run = train("--schedule", "warmup(2.epochs) then cosine(tMax=");

        assertRefused(run, "Invalid value for option '--schedule': ");
        assertTrue(run.errLines().getFirst().contains("column"), run.err());
    }

    @Test
    void scheduleThatDoesNotFitTheRunIsRefusedBeforeTraining() throws IOException {
        AnnealRun run = train("--epochs", "2");

        assertRefused(run, "anneal train: the run (2 epochs = 50 steps) is no longer than the schedule's warmup "
                + "(2 epochs = 50 steps), so cosine() would never run: train longer (--epochs 3 or more) or shorten "
                + "the warmup (e.g. --schedule 'warmup(5) then cosine()')");
        assertOneLine(run);
    }

    @Test
    void scheduleThatFailsForAnotherReasonKeepsTheGraphsMessage() throws IOException {
        AnnealRun run = train("--schedule", "step(stepSize=2.epochs) then cosine()");

        assertRefused(run, "anneal train: ");
        assertFalse(run.err().contains("the run ("), run.err());
        assertOneLine(run);
    }

    @Test
    void missingDataFileIsNamed() throws IOException {
        AnnealRun run = train("--data", dir.resolve("nope.csv").toString());

        assertRefused(run, "anneal train: no such file: " + dir.resolve("nope.csv"));
        assertOneLine(run);
    }

    @Test
    void nonNumericCellIsNamedByLineAndColumn() throws IOException {
        Path data = csv("a,b,label\n1,2,x\n3,abc,y\n5,6,x\n");
        AnnealRun run = train("--data", data.toString());

        assertRefused(run, "line 3, column 2 ('b'): 'abc' is not a number", data);
        assertOneLine(run);
    }

    @Test
    void raggedRowIsNamedByLine() throws IOException {
        Path data = csv("a,b,label\n1,2,x\n3,4,y\n5,x\n");
        AnnealRun run = train("--data", data.toString());

        assertRefused(run, "line 4 has 2 cells, expected 3 (as in the header)", data);
        assertOneLine(run);
    }

    @Test
    void missingLabelColumnIsNamed() throws IOException {
        Path data = csv("a,b,class\n1,2,x\n3,4,y\n5,6,x\n");
        AnnealRun run = train("--data", data.toString());

        assertRefused(run, "label column 'label' not in the header [a, b, class]", data);
        assertOneLine(run);
    }

    @Test
    void existingOutputFolderIsLeftAlone() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path kept = Files.writeString(out.resolve("notes.txt"), "mine");
        AnnealRun run = AnnealRun.of("train", "--out", out.toString());

        assertRefused(run, "anneal train: --out " + out + " holds files but no Anneal run (no run.json); choose another "
                + "folder", out);
        assertEquals("mine", Files.readString(kept));
    }

    @Test
    void missingCheckpointIsNamed() throws IOException {
        AnnealRun run = train("--resume", dir.resolve("run.ckpt").toString());

        assertRefused(run, "anneal train: no such file: " + dir.resolve("run.ckpt"));
    }

    @Test
    void zeroEpochsIsAUsageError() throws IOException {
        assertRefused(train("--epochs", "0"), "--epochs must be >= 1, got 0");
    }

    @Test
    void unknownDeviceIsNamed() throws IOException {
        AnnealRun run = train("--device", "tpu");

        assertRefused(run, "anneal train: device \"tpu\": expected cpu, cuda, cuda:N (N = 0, 1, ...) or auto");
        assertOneLine(run);
    }

    @Test
    void cudaWithoutAUsableGpuSaysWhatIsMissing() throws IOException {
        assumeTrue(Device.auto().select().device().kind() == Device.Kind.CPU, "a GPU is usable here");
        AnnealRun run = train("--device", "cuda");

        assertRefused(run, "anneal train: --device cuda: device cuda:0 is not usable: ");
        assertEquals("", run.out());
    }
}
