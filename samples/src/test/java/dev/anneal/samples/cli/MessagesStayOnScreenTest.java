package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages that stay on screen: a usage error is the message, the one usage entry that matters and
 * where the rest is, not 60 lines of usage; a run that cannot do what was asked says what it does instead.
 */
class MessagesStayOnScreenTest {
    @TempDir
    Path dir;

    @Test
    void mistypedOptionSuggestsTheOptionAndShowsItsEntryOnly() {
        AnnealRun run = AnnealRun.of("train", "--epoch", "3");

        assertEquals(2, run.exitCode());
        List<String> err = run.errLines();
        assertEquals("Unknown options: '--epoch', '3'", err.getFirst());
        assertTrue(err.get(1).startsWith("Possible solutions: --epochs"), run.err());
        assertTrue(err.get(2).matches("\\s+--epochs=N\\s+Passes over the training rows \\(default: 20\\)\\."), run.err());
        assertEquals("see anneal train --help", err.getLast());
        assertEquals(4, err.size(), run.err());
    }

    @Test
    void scheduleTypoShowsTheParserMessageAndTheScheduleEntry() {
        AnnealRun run = AnnealRun.of("train", "--schedule", "warmup(2.epochs) then cosin()");

        assertEquals(2, run.exitCode());
        List<String> err = run.errLines();
        assertTrue(err.getFirst().startsWith("Invalid value for option '--schedule': line 1, column 23: "), run.err());
        assertTrue(err.getFirst().contains("cosin"), run.err());
        assertTrue(run.err().contains("  --schedule=EXPR "), run.err());
        assertEquals("see anneal train --help", err.getLast());
        assertTrue(err.size() <= 8, "stays on screen: " + run.err());
        assertFalse(run.err().contains("--hidden"), "no other option's entry: " + run.err());
    }

    @Test
    void badValueOfACheckedOptionShowsThatOptionsEntry() {
        AnnealRun run = AnnealRun.of("train", "--batch", "0");

        assertEquals(2, run.exitCode());
        List<String> err = run.errLines();
        assertEquals("--batch must be >= 1, got 0", err.getFirst());
        assertTrue(err.get(1).matches("\\s+--batch=N\\s+Rows per batch \\(default: 32\\)\\."), run.err());
        assertEquals("see anneal train --help", err.getLast());
        assertEquals(3, err.size(), run.err());
    }

    @Test
    void otherCommandsPointToTheirOwnHelp() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "cosine(tMax=10)", "--base-lr", "0.1", "--steps", "10",
                "--format", "xml");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("  --format="), run.err());
        assertEquals("see anneal show --help", run.errLines().getLast());
        assertTrue(run.errLines().size() <= 6, run.err());
    }

    @Test
    void oneEpochWithTheDefaultScheduleSaysTheRunIsShorterThanTheWarmup() {
        AnnealRun run = AnnealRun.of("train", "--epochs", "1", "--out", dir.resolve("out").toString());

        assertEquals(2, run.exitCode());
        assertEquals(List.of("anneal train: the run (1 epoch = 25 steps) is shorter than the schedule's warmup "
                + "(2 epochs = 50 steps), so cosine() would never run: train longer (--epochs 3 or more) or shorten "
                + "the warmup (e.g. --schedule 'warmup(2) then cosine()')"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void theSuggestedWarmupRuns() {
        AnnealRun run = AnnealRun.of("train", "--epochs", "1", "--schedule", "warmup(2) then cosine()",
                "--out", dir.resolve("out").toString());

        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void batchLargerThanTheTrainingRowsIsClampedWithOneLineAndTheHeaderShowsTheBatchUsed() {
        AnnealRun run = AnnealRun.of("train", "--batch", "5000", "--epochs", "3", "--schedule", "cosine()",
                "--out", dir.resolve("out").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("anneal train: --batch 5000 is more than the 800 training rows; using batch 800 "
                + "(one step per epoch)"), run.errLines());
        assertTrue(run.outLines().contains("optimizer: sgd(lr=0.1, momentum=0.9), batch 800, 3 epochs, seed 1"), run.out());
        assertFalse(run.out().contains("batch 5000"), run.out());
    }

    @Test
    void benchRefusesFewerRowsThanTheBatch() {
        AnnealRun run = AnnealRun.of("bench", "--device", "cpu", "--rows", "512", "--batch", "4096");

        assertEquals(2, run.exitCode());
        List<String> err = run.errLines();
        assertEquals("--rows 512 is fewer than --batch 4096: every step would train on 512 rows, not 4096; "
                + "give --rows 4096 or more", err.getFirst());
        assertTrue(err.get(1).strip().startsWith("--rows=N"), run.err());
        assertEquals("see anneal bench --help", err.getLast());
        assertEquals("", run.out());
    }

    @Test
    void trainHelpSaysWhatLrAfterMeansAndWhenOverfittingIsFlagged() {
        AnnealRun run = AnnealRun.of("train", "--help");

        String help = String.join(" ", run.out().split("\\s+"));
        assertTrue(help.contains("Epoch | Train loss | Val loss | Val acc | LR after | Note"), help);
        assertTrue(help.contains("LR after is the learning rate after the epoch (what the next step uses"), help);
        assertTrue(help.contains("'overfitting: val loss rising since epoch N' once the validation loss has stayed "
                + "above its best (epoch N) for 3 epochs while the training loss fell"), help);
    }
}
