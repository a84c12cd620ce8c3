package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal train}'s output folder: what it refuses (exit 2, nothing changed), what it keeps, how it resumes. */
class RunFolderCommandTest {

    @Test
    void aFinishedRunIsRefusedUntouchedAndRestartDiscardsIt(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, AnnealRun.of("train", "--epochs", "3", "--out", out.toString()).exitCode());
        Map<String, String> before = listing(out);

        AnnealRun again = AnnealRun.of("train", "--epochs", "3", "--out", out.toString());
        assertEquals(2, again.exitCode());
        assertEquals(List.of("anneal train: --out " + out + " holds a finished run (3 epochs); nothing in it was "
                + "changed; use --restart to discard it, or choose another --out"), again.errLines());
        assertEquals(before, listing(out));

        AnnealRun restarted = AnnealRun.of("train", "--epochs", "3", "--restart", "--out", out.toString());
        assertEquals(0, restarted.exitCode(), restarted.err());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"status\" : \"finished\""));
    }

    @Test
    void aRunOfAnotherScheduleIsRefusedNamingTheDifference(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, AnnealRun.of("train", "--epochs", "4", "--stop-after", "2", "--out", out.toString()).exitCode());
        Map<String, String> before = listing(out);

        AnnealRun other = AnnealRun.of("train", "--epochs", "4", "--schedule", "cosine()", "--out", out.toString());
        assertEquals(2, other.exitCode());
        assertEquals(List.of("anneal train: --out " + out + " holds a run of another configuration: schedule: "
                + "'warmup(2.epochs) then cosine()' before, 'cosine()' now; nothing in it was changed;",
                "  use --restart to discard it, or choose another --out"), other.errLines());
        assertEquals(before, listing(out));
    }

    @Test
    void theReadmesResumeExampleWorksAsWritten(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("runs/a");
        Path b = dir.resolve("runs/b");
        AnnealRun stopped = AnnealRun.of("train", "--epochs", "10", "--stop-after", "5", "--out", a.toString());
        assertEquals(0, stopped.exitCode(), stopped.err());
        AnnealRun forked = AnnealRun.of("train", "--epochs", "10", "--resume",
                a.resolve("checkpoints/epoch-0004.ckpt").toString(), "--out", b.toString());
        assertEquals(0, forked.exitCode(), forked.err());
        AnnealRun continued = AnnealRun.of("train", "--epochs", "10", "--out", a.toString());
        assertEquals(0, continued.exitCode(), continued.err());
        List<String> first = Files.readAllLines(a.resolve("history.csv"));
        List<String> second = Files.readAllLines(b.resolve("history.csv"));
        assertEquals(11, first.size());
        assertEquals(withoutSeconds(first), withoutSeconds(second), "runs/b repeats runs/a from its epoch 4");
    }

    /** history.csv's rows less the seconds column. */
    private static List<String> withoutSeconds(List<String> rows) {
        return rows.stream().map(r -> r.replaceFirst(",[0-9.]+,([^,]*)$", ",$1")).toList();
    }

    @Test
    void anOutputThatIsAFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        AnnealRun run = AnnealRun.of("train", "--out", file.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("anneal train: --out " + file + " is a file, not a folder; choose a folder"), run.errLines());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aDamagedNewestCheckpointIsPassedOverInOneLineAndANewerFormatIsRefusedUntouched(@TempDir Path dir)
            throws IOException {
        AnnealRun straight = AnnealRun.of("train", "--epochs", "4", "--out", dir.resolve("straight").toString());
        assertEquals(0, straight.exitCode(), straight.err());
        Map<String, String> damages = Map.of("truncated", "checkpoint is truncated (100 bytes)",
                "magic", "is not an Anneal checkpoint (no ANNEALCK header)");
        for (Map.Entry<String, String> d : damages.entrySet()) {
            Path out = dir.resolve(d.getKey());
            assertEquals(0, AnnealRun.of("train", "--epochs", "4", "--stop-after", "3", "--out", out.toString())
                    .exitCode());
            Files.delete(out.resolve("final.ckpt"));
            Path newest = out.resolve("checkpoints/epoch-0003.ckpt");
            byte[] good = Files.readAllBytes(newest);
            byte[] bad = d.getKey().equals("truncated") ? java.util.Arrays.copyOf(good, 100) : good.clone();
            bad[0] = d.getKey().equals("truncated") ? bad[0] : (byte) 'X';
            Files.write(newest, bad);
            AnnealRun run = AnnealRun.of("train", "--epochs", "4", "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.outLines().contains("resuming " + out + " from epoch 2 (checkpoints/epoch-0002.ckpt), passing "
                    + "over checkpoints/epoch-0003.ckpt: " + d.getValue()), run.out());
            assertEquals(TrainCommandTest.withoutSeconds(dir.resolve("straight/history.csv")),
                    TrainCommandTest.withoutSeconds(out.resolve("history.csv")));
        }

        Path out = dir.resolve("future");
        assertEquals(0, AnnealRun.of("train", "--epochs", "4", "--stop-after", "2", "--out", out.toString()).exitCode());
        Path newest = out.resolve("checkpoints/epoch-0002.ckpt");
        byte[] future = Files.readAllBytes(newest);
        future[11] = 7;
        Files.write(newest, future);
        Map<String, String> before = listing(out);
        AnnealRun run = AnnealRun.of("train", "--epochs", "4", "--out", out.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertEquals(List.of("anneal train: " + newest.toAbsolutePath() + ": checkpoint format 7 was written by a newer "
                + "Anneal; this runtime reads format 2"), run.errLines());
        assertEquals(before, listing(out));
    }

    @Test
    void twoHundredEpochsKeepThreeCheckpointsOfOneSize(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        AnnealRun run = AnnealRun.of("train", "--epochs", "200", "--hidden", "8", "--checkpoint-every", "1",
                "--keep-checkpoints", "3", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<Path> epochs;
        try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
            epochs = files.filter(p -> p.getFileName().toString().startsWith("epoch-")).sorted().toList();
        }
        assertEquals(List.of("epoch-0198.ckpt", "epoch-0199.ckpt", "epoch-0200.ckpt"),
                epochs.stream().map(p -> p.getFileName().toString()).toList());
        long size = Files.size(epochs.getFirst());
        for (Path p : epochs) {
            assertTrue(Math.abs(Files.size(p) - size) <= 8, p + " is " + Files.size(p) + " bytes, the first " + size);
        }
        assertEquals(200, Files.readAllLines(out.resolve("epochs.jsonl")).size());
        assertEquals(201, Files.readAllLines(out.resolve("history.csv")).size(), "the full history at the end");
    }

    @Test
    void stopAfterIsAnEpochOfTheWholeRunAlsoWhenResumed(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, AnnealRun.of("train", "--epochs", "8", "--stop-after", "3", "--out", out.toString()).exitCode());
        AnnealRun more = AnnealRun.of("train", "--epochs", "8", "--stop-after", "5", "--out", out.toString());
        assertEquals(0, more.exitCode(), more.err());
        assertEquals(5, TrainCommandTest.rows(more).size());
        assertTrue(more.outLines().contains("stopped after epoch 5 as asked"), more.out());

        AnnealRun again = AnnealRun.of("train", "--epochs", "8", "--stop-after", "5", "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.outLines().contains("already stopped after epoch 5 as asked"), again.out());
        AnnealRun past = AnnealRun.of("train", "--epochs", "8", "--stop-after", "4", "--out", out.toString());
        assertEquals(0, past.exitCode(), past.err());
        assertTrue(past.outLines().contains("already at epoch 5, past the stop after epoch 4 asked"), past.out());
        assertEquals(List.of(), past.errLines());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"status\" : \"stopped\""));
        assertEquals(6, Files.readAllLines(out.resolve("history.csv")).size(), "the five epochs, as before");
    }

    @Test
    void resumingWithOtherEpochsIsRefusedWhenTheScheduleDependsOnThemAndSaidWhenNot(@TempDir Path dir)
            throws IOException {
        assertEquals(0, AnnealRun.of("train", "--epochs", "10", "--stop-after", "5", "--out",
                dir.resolve("cosine").toString()).exitCode());
        AnnealRun refused = AnnealRun.of("train", "--epochs", "8", "--resume",
                dir.resolve("cosine/final.ckpt").toString(), "--out", dir.resolve("cosine-8").toString());
        assertEquals(2, refused.exitCode());
        assertEquals(List.of("anneal train: checkpoint " + dir.resolve("cosine/final.ckpt") + " does not fit this run: "
                + "epochs: 10 before, 8 now, and the schedule 'warmup(2.epochs) then cosine()' depends on the run's "
                + "length, so the epochs already run would change"), refused.errLines());
        assertTrue(Files.notExists(dir.resolve("cosine-8")));

        assertEquals(0, AnnealRun.of("train", "--epochs", "10", "--stop-after", "5", "--schedule", "constant()",
                "--out", dir.resolve("flat").toString()).exitCode());
        AnnealRun longer = AnnealRun.of("train", "--epochs", "12", "--schedule", "constant()", "--resume",
                dir.resolve("flat/final.ckpt").toString(), "--out", dir.resolve("flat-12").toString());
        assertEquals(0, longer.exitCode(), longer.err());
        assertTrue(longer.outLines().contains("epochs: 10 before, 12 now; accepted, as no schedule depends on the run's "
                + "length (the epochs already run keep their values)"), longer.out());
        assertEquals(12, TrainCommandTest.rows(longer).size());
        List<String> restored = TrainCommandTest.withoutSeconds(dir.resolve("flat-12/history.csv")).subList(0, 6);
        assertEquals(TrainCommandTest.withoutSeconds(dir.resolve("flat/history.csv")), restored);
    }

    @Test
    void earlyStoppingKeepsTheBestEpochsCheckpoint(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        AnnealRun run = AnnealRun.of("train", "--epochs", "30", "--early-stop", "3", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String[]> rows = TrainCommandTest.rows(run);
        int best = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (Double.parseDouble(rows.get(i)[2]) < Double.parseDouble(rows.get(best)[2])) {
                best = i;
            }
        }
        assertEquals(best + 1 + 3, rows.size(), "stops 3 epochs after the best validation loss");
        assertTrue(run.out().contains("early stopping: val_loss has not improved"), run.out());
        assertTrue(run.outLines().contains("best epoch: " + (best + 1) + " (val loss " + rows.get(best)[2].trim()
                + "), kept as " + out.resolve("checkpoints").resolve("best.ckpt")), run.out());
        String runJson = Files.readString(out.resolve("run.json"));
        assertTrue(runJson.contains("\"epoch\" : " + (best + 1) + ","), runJson);
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/best.ckpt")));
    }

    @Test
    void keepCheckpointsTakesANumberOrAll() {
        AnnealRun run = AnnealRun.of("train", "--keep-checkpoints", "none");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--keep-checkpoints must be a number >= 1 or 'all', got 'none'"), run.err());
    }

    /** Every file under {@code dir} with its size and SHA-256. */
    static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                try {
                    out.put(dir.relativize(p).toString(), Files.size(p) + " " + HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
