package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShowChartTest {
    private static final String WARMUP_COSINE = "warmup(10) then cosine(tMax=90, etaMin=1e-6)";

    @Test
    void chartHasTheRequestedWidthAndHeight() {
        AnnealRun run = AnnealRun.of("show", "--schedule", WARMUP_COSINE, "--base-lr", "0.1", "--steps", "100",
                "--format", "chart", "--width", "60", "--height", "12");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.outLines();
        assertEquals(1 + 12 + 2, lines.size(), run.out());
        assertTrue(lines.getFirst().startsWith(WARMUP_COSINE), lines.getFirst());
        assertEquals(60, lines.get(13).length(), "x-axis line spans the width: " + lines.get(13));
        lines.forEach(line -> assertTrue(line.length() <= 60, line));
    }

    @Test
    void chartIsEightyColumnsWideWhenNotATerminal() {
        AnnealRun run = AnnealRun.of("show", "--schedule", WARMUP_COSINE, "--base-lr", "0.1", "--steps", "100",
                "--format", "chart");

        List<String> lines = run.outLines();
        assertEquals(1 + 20 + 2, lines.size(), run.out());
        assertEquals(80, lines.get(21).length(), lines.get(21));
    }

    @Test
    void chartLabelsTheRangeOfValuesAndSteps() {
        AnnealRun run = AnnealRun.of("show", "--schedule", WARMUP_COSINE, "--base-lr", "0.1", "--steps", "100",
                "--format", "chart", "--height", "9");

        List<String> lines = run.outLines();
        assertTrue(lines.get(1).startsWith("  0.1 ┤"), lines.get(1));
        assertTrue(lines.get(9).startsWith("    0 ┤"), lines.get(9));
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), List.of(lines.get(11).trim().split("\\s+")));
    }
}
