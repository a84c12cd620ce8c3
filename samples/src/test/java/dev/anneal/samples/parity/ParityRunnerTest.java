package dev.anneal.samples.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner reports the first differing step, error mismatches and unreadable lines. */
class ParityRunnerTest {

    private static List<CaseResult> run(Path dir, String... lines) throws IOException {
        Path file = dir.resolve("cases.jsonl");
        Files.write(file, List.of(lines));
        return ParityRunner.run(file);
    }

    private static final String STEP = "{\"id\":\"step\",\"scheduler\":\"StepLR\",\"params\":{\"step_size\":2,\"gamma\":0.5},"
            + "\"optimizer\":{\"type\":\"SGD\",\"momentum\":0.0},\"base_lrs\":[0.1],\"steps\":4,\"lrs\":[[%s]],\"error\":%s}";

    @Test
    void matchingValuesPass(@TempDir Path dir) throws IOException {
        CaseResult r = run(dir, STEP.formatted("0.1,0.1,0.05,0.05,0.025", "null")).get(0);
        assertTrue(r.passed());
        assertNull(r.failure());
    }

    @Test
    void reportsTheGroupAndFirstDifferingStep(@TempDir Path dir) throws IOException {
        CaseResult r = run(dir, STEP.formatted("0.1,0.1,0.05,0.06,0.03", "null")).get(0);
        assertFalse(r.passed());
        assertEquals("group 0, step 3: expected lr 0.06, got 0.05", r.failure());
    }

    @Test
    void reportsAMissingError(@TempDir Path dir) throws IOException {
        String error = "{\"type\":\"ZeroDivisionError\",\"message\":\"integer modulo by zero\",\"at_step\":3}";
        CaseResult r = run(dir, STEP.formatted("0.1,0.1,0.05", error)).get(0);
        assertEquals("expected ZeroDivisionError: integer modulo by zero at step 3, got no error", r.failure());
    }

    @Test
    void aMalformedLineNamesItsNumberAndTheOtherCasesStillRun(@TempDir Path dir) throws IOException {
        List<CaseResult> results = run(dir, STEP.formatted("0.1,0.1,0.05,0.05,0.025", "null"), "",
                "{\"id\": \"broken\"", "{\"id\": \"no-lrs\", \"scheduler\": \"StepLR\"}");
        assertEquals(3, results.size());
        assertTrue(results.get(0).passed());
        assertEquals("line 3", results.get(1).id());
        assertTrue(results.get(1).failure().contains("line 3"), results.get(1).failure());
        assertEquals("line 4", results.get(2).id());
        assertTrue(results.get(2).failure().contains("missing field 'optimizer'"), results.get(2).failure());
    }
}
