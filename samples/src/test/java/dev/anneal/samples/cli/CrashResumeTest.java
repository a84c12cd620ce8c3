package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: {@code anneal train} in a child process, killed with SIGKILL after its third
 * checkpoint, or halted between a checkpoint's temporary file and its rename; the same command run
 * again continues and ends with the history of an uninterrupted run.
 */
class CrashResumeTest {
    private static final Pattern RESUMING = Pattern.compile("resuming (.*) from epoch (\\d+) \\(checkpoints/epoch-(\\d+)\\.ckpt\\)");

    private static String[] train(Path out) {
        return new String[] {"train", "--epochs", "40", "--hidden", "256,256", "--device", "cpu", "--out", out.toString()};
    }

    @Test
    void killedAfterItsThirdCheckpointTheSameCommandResumesAndEndsAsAnUninterruptedRun(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("run");
        Process child = ChildAnneal.start(dir.resolve("child.log"), List.of(), train(out));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(out.resolve("checkpoints/epoch-0003.ckpt")) && child.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(child.isAlive(), "the run was still going after its third checkpoint:\n"
                    + Files.readString(dir.resolve("child.log")));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertFalse(Files.exists(out.resolve("history.csv")), "no end product from a killed run");
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"status\" : \"running\""));

        AnnealRun again = AnnealRun.of(train(out));
        assertEquals(0, again.exitCode(), again.err());
        Matcher m = again.outLines().stream().map(RESUMING::matcher).filter(Matcher::matches).findFirst().orElseThrow(
                () -> new AssertionError("no 'resuming' line:\n" + again.out()));
        assertEquals(out.toString(), m.group(1));
        assertTrue(Integer.parseInt(m.group(2)) >= 3, m.group());
        assertEquals(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));

        AnnealRun straight = AnnealRun.of(train(dir.resolve("straight")));
        assertEquals(0, straight.exitCode(), straight.err());
        assertEquals(TrainCommandTest.withoutSeconds(dir.resolve("straight/history.csv")),
                TrainCommandTest.withoutSeconds(out.resolve("history.csv")));
    }

    @Test
    void haltedBetweenACheckpointsTemporaryFileAndItsRenameThePreviousCheckpointStillResumes(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("run");
        String[] args = {"train", "--epochs", "8", "--device", "cpu", "--out", out.toString()};
        Process child = ChildAnneal.start(dir.resolve("child.log"), List.of("anneal.test.haltBeforeRename=epoch-0004.ckpt"),
                args);
        try {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child halts by itself");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), Files.readString(dir.resolve("child.log")));
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/epoch-0004.ckpt.tmp")), "halted before the rename");
        assertFalse(Files.exists(out.resolve("checkpoints/epoch-0004.ckpt")));

        AnnealRun again = AnnealRun.of(args);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.outLines().contains("resuming " + out + " from epoch 3 (checkpoints/epoch-0003.ckpt)"), again.out());
        assertFalse(Files.exists(out.resolve("checkpoints/epoch-0004.ckpt.tmp")), "the torn file is cleared away");

        AnnealRun straight = AnnealRun.of("train", "--epochs", "8", "--device", "cpu", "--out", dir.resolve("straight").toString());
        assertEquals(TrainCommandTest.withoutSeconds(dir.resolve("straight/history.csv")),
                TrainCommandTest.withoutSeconds(out.resolve("history.csv")));
    }
}
