package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParityCommandTest {
    /** PyTorch's StepLR(step_size=2, gamma=0.5) from 0.1: halves after steps 2 and 4. */
    private static final String STEP_LR_CORRECT = """
            {"id":"step_halving","scheduler":"StepLR","params":{"step_size":2,"gamma":0.5},\
            "optimizer":{"type":"SGD","momentum":0.0},"base_lrs":[0.1],"steps":4,\
            "lrs":[[0.1,0.1,0.05,0.05,0.025]],"error":null}""";
    /** The same case with a wrong value at step 3. */
    private static final String STEP_LR_WRONG = """
            {"id":"step_halving_wrong","scheduler":"StepLR","params":{"step_size":2,"gamma":0.5},\
            "optimizer":{"type":"SGD","momentum":0.0},"base_lrs":[0.1],"steps":4,\
            "lrs":[[0.1,0.1,0.05,0.07,0.025]],"error":null}""";

    @TempDir
    Path dir;

    private Path cases(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void failingCaseIsPrintedAndCountedWithExitCode1() throws IOException {
        Path file = cases("two.jsonl", STEP_LR_CORRECT, STEP_LR_WRONG);

        AnnealRun run = AnnealRun.of("parity", file.toString());

        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.outLines();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("FAIL step_halving_wrong: "), lines.get(0));
        assertTrue(lines.get(0).contains("step 3"), "names the first differing step: " + lines.get(0));
        assertEquals("1 passed, 1 failed", lines.get(1));
        assertEquals("", run.err());
    }

    @Test
    void allPassingGivesExitCode0() throws IOException {
        Path file = cases("one.jsonl", STEP_LR_CORRECT);

        AnnealRun run = AnnealRun.of("parity", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("1 passed, 0 failed"), run.outLines());
    }

    @Test
    void severalFilesAreCountedTogether() throws IOException {
        Path first = cases("first.jsonl", STEP_LR_CORRECT);
        Path second = cases("second.jsonl", STEP_LR_CORRECT, STEP_LR_WRONG);

        AnnealRun run = AnnealRun.of("parity", first.toString(), second.toString());

        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.outLines();
        assertEquals(first + ": 1 passed, 0 failed", lines.get(0));
        assertTrue(lines.get(1).startsWith("FAIL step_halving_wrong: "), lines.get(1));
        assertEquals(second + ": 1 passed, 1 failed", lines.get(2));
        assertEquals("2 passed, 1 failed", lines.getLast());
    }

    @Test
    void missingFileIsOneLineOnStderrWithExitCode2() throws IOException {
        Path present = cases("one.jsonl", STEP_LR_CORRECT);
        Path missing = dir.resolve("missing.jsonl");

        AnnealRun run = AnnealRun.of("parity", present.toString(), missing.toString());

        assertEquals(2, run.exitCode());
        assertEquals(List.of("anneal parity: no such file: " + missing), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void folderInsteadOfFileIsOneLineOnStderrWithExitCode2() {
        AnnealRun run = AnnealRun.of("parity", dir.toString());

        assertEquals(2, run.exitCode());
        assertEquals(List.of("anneal parity: not a file: " + dir), run.errLines());
    }

    @Test
    void withoutFilesItIsAUsageError() {
        AnnealRun run = AnnealRun.of("parity");

        assertEquals(2, run.exitCode());
        assertTrue(run.errLines().getFirst().startsWith("Missing required parameter: 'FILE'"), run.err());
    }
}
