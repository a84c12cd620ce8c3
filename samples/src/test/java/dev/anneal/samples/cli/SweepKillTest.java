package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed at any moment and run again ends as if it had never been killed: its
 * {@code sweep.csv}, and every trial's {@code history.csv} less its seconds, are byte for byte those of
 * an uninterrupted sweep. The kills are real: a child JVM halts itself (exit code 137, no shutdown
 * hook, no {@code finally}) at a chosen write boundary, or is sent SIGKILL.
 */
class SweepKillTest {
    /** Two trials with halving: rungs at epochs 1 and 2; one stops at the first, the other goes on and finishes. */
    private static String[] small(Path out) {
        return new String[] {"sweep", "--schedule", "warmup(1.epochs) then cosine()", "--lr", "0.03,1",
            "--epochs", "2", "--halving", "eta=2,min-epochs=1", "--parallel", "1", "--hidden", "8",
            "--out", out.toString()};
    }

    /** Eight trials, two at once: long enough to be killed anywhere. */
    private static String[] larger(Path out) {
        return new String[] {"sweep", "--schedule", "warmup({w}) then cosine()", "--hole", "w in [0, 1.epochs]",
            "--lr", "0.01,0.03,0.1,0.3", "--epochs", "6", "--halving", "eta=2,min-epochs=2", "--parallel", "2",
            "--hidden", "32", "--out", out.toString()};
    }

    @Test
    void haltedAtEachWriteBoundaryInTurnAndRunAgainItEndsAsTheUninterruptedSweep(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("reference");
        Path writes = dir.resolve("writes.log");
        Process counted = ChildAnneal.start(dir.resolve("reference.log"), List.of("anneal.test.writeLog=" + writes),
                small(reference));
        assertEquals(0, finish(counted, dir.resolve("reference.log")));
        List<String> boundaries = Files.readAllLines(writes);
        Set<String> kinds = new TreeSet<>();
        for (String b : boundaries) {
            kinds.add(b.substring(b.indexOf(' ') + 1).replaceAll("epoch-\\d+", "epoch-N"));
        }
        for (String kind : List.of("tmp epoch-N.ckpt", "rename epoch-N.ckpt", "link-tmp last.ckpt", "link last.ckpt",
                "append epochs.jsonl", "tmp run.json", "rename run.json", "tmp final.ckpt", "rename final.ckpt",
                "rename history.csv", "tmp plan.json", "rename plan.json", "tmp sweep.csv", "rename sweep.csv",
                "tmp sweep.json", "rename sweep.json", "link best.ckpt", "rename val-loss.png", "rename lr.svg")) {
            assertTrue(kinds.contains(kind), kind + " is a write boundary: " + kinds);
        }

        ExecutorService children = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> halted = new ArrayList<>();
            for (int k = 1; k <= boundaries.size(); k++) {
                Path out = dir.resolve("halt-" + k);
                Path log = dir.resolve("halt-" + k + ".log");
                List<String> property = List.of("anneal.test.haltAtWrite=" + k);
                halted.add(children.submit(() -> finish(ChildAnneal.start(log, property, small(out)), log)));
            }
            for (int k = 1; k <= boundaries.size(); k++) {
                String at = "halted at " + boundaries.get(k - 1);
                assertEquals(137, halted.get(k - 1).get(), at);
                AnnealRun again = AnnealRun.of(small(dir.resolve("halt-" + k)));
                assertEquals(0, again.exitCode(), at + ", then: " + again.err());
                assertSameResults(reference, dir.resolve("halt-" + k), at);
            }
        } finally {
            children.shutdownNow();
        }
    }

    /**
     * Fifteen SIGKILLs, each at a random moment within the time an uninterrupted child takes (measured
     * here, JVM start included, so the kills fall inside the sweep on a fast machine and a slow one),
     * each followed by a rerun. A rerun that finishes the sweep is compared with the uninterrupted one,
     * and the next kill goes to a fresh folder, so no kill falls on a sweep that is already done.
     */
    @Test
    void fifteenKillsAtRandomMomentsEachFollowedByARerunEndAsTheUninterruptedSweep(@TempDir Path dir)
            throws Exception {
        Path reference = dir.resolve("reference");
        long started = System.nanoTime();
        assertEquals(0, finish(ChildAnneal.start(dir.resolve("reference.log"), List.of(), larger(reference)),
                dir.resolve("reference.log")));
        int span = (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        Random moments = new Random(20261206);
        int killed = 0;
        int folders = 0;
        Path out = dir.resolve("killed-0");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Path log = dir.resolve("run-" + i + ".log");
            Process child = ChildAnneal.start(log, List.of(), larger(out));
            try {
                long after = span / 10 + moments.nextInt(Math.max(1, span * 8 / 10));
                if (!child.waitFor(after, TimeUnit.MILLISECONDS)) {
                    child.destroyForcibly();
                    killed++;
                }
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
                seen.add(out.getFileName() + " " + after + " ms: " + (child.exitValue() == 0 ? "finished"
                        : "killed (" + child.exitValue() + ")"));
                assertTrue(child.exitValue() == 0 || child.exitValue() == 137, Files.readString(log));
            } finally {
                child.destroyForcibly();
            }
            AnnealRun again = AnnealRun.of(larger(out));
            assertEquals(0, again.exitCode(), "rerun after " + seen + ": " + again.err());
            assertSameResults(reference, out, "after " + seen);
            out = dir.resolve("killed-" + ++folders);
        }
        assertTrue(killed >= 10, "most runs were killed, not finished (an uninterrupted child took " + span + " ms): "
                + seen);
    }

    private static int finish(Process child, Path log) throws Exception {
        try {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends by itself: " + Files.readString(log));
            return child.exitValue();
        } finally {
            child.destroyForcibly();
        }
    }

    private static void assertSameResults(Path reference, Path sweep, String what) throws IOException {
        assertEquals(Files.readString(reference.resolve("sweep.csv")), Files.readString(sweep.resolve("sweep.csv")),
                what);
        try (Stream<Path> trials = Files.list(reference.resolve("trials"))) {
            for (Path trial : trials.sorted().toList()) {
                Path other = sweep.resolve("trials").resolve(trial.getFileName());
                assertEquals(TrainCommandTest.withoutSeconds(trial.resolve("history.csv")),
                        TrainCommandTest.withoutSeconds(other.resolve("history.csv")), what + ": " + trial.getFileName());
            }
        }
    }
}
