package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShowBadInputTest {

    /**
     * Exit code 2, the message first on stderr, then the relevant usage entry and where the rest is (a
     * few lines that stay on screen); nothing on stdout, no stack trace.
     */
    private static void assertUsageError(AnnealRun run, String message) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(run.errLines().getFirst().contains(message), "first line of: " + run.err());
        assertEquals("see anneal show --help", run.errLines().getLast());
        assertTrue(run.errLines().size() <= 8, run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void malformedScheduleShowsTheParseErrorWithItsPosition() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "warmup(10) then cosine(tMax=", "--base-lr", "0.1",
                "--steps", "100");

        assertUsageError(run, "Invalid value for option '--schedule': line 1, column 29: ");
        assertEquals("  warmup(10) then cosine(tMax=", run.errLines().get(1));
        assertEquals(" ".repeat(30) + "^", run.errLines().get(2));
    }

    @Test
    void negativeStepsAreRefused() {
        assertUsageError(AnnealRun.of("show", "--schedule", "cosine(tMax=10)", "--base-lr", "0.1", "--steps", "-5"),
                "--steps must be >= 0, got -5");
    }

    @Test
    void nonNumericBaseLrIsRefused() {
        assertUsageError(AnnealRun.of("show", "--schedule", "cosine(tMax=10)", "--base-lr", "abc", "--steps", "10"),
                "Invalid value for option '--base-lr': 'abc' is not a double");
    }

    @Test
    void infiniteBaseLrIsRefused() {
        assertUsageError(AnnealRun.of("show", "--schedule", "cosine(tMax=10)", "--base-lr", "Infinity", "--steps",
                "10"), "--base-lr must be a finite number, got Infinity");
    }

    @Test
    void unknownOptionIsRefused() {
        assertUsageError(AnnealRun.of("show", "--schedule", "cosine(tMax=10)", "--base-lr", "0.1", "--steps", "10",
                "--colour", "red"), "Unknown options: '--colour', 'red'");
    }

    @Test
    void missingRequiredOptionIsNamed() {
        assertUsageError(AnnealRun.of("show", "--schedule", "cosine(tMax=10)", "--steps", "10"),
                "Missing required option: '--base-lr=X'");
    }

    @Test
    void unknownFormatListsTheFormats() {
        assertUsageError(AnnealRun.of("show", "--schedule", "cosine(tMax=10)", "--base-lr", "0.1", "--steps", "10",
                "--format", "xml"), "expected one of [TABLE, CSV, JSON, CHART] (case-insensitive) but was 'xml'");
    }

    @Test
    void epochSpanWithoutStepsPerEpochSaysWhatIsMissing() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "step(stepSize=2.epochs, gamma=0.5)", "--base-lr", "0.1",
                "--steps", "40");

        assertUsageError(run, "anneal show: ");
        assertTrue(run.errLines().getFirst().toLowerCase().contains("epoch"), run.err());
    }

    @Test
    void scheduleWithPlateauCannotBeShownWithoutMetrics() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "warmup(5) then plateau(patience=2)", "--base-lr", "0.1",
                "--steps", "40");

        assertUsageError(run, "has a plateau: its values depend on the metrics of a training run");
    }

    @Test
    void pytorchReduceLrOnPlateauCannotBeShownWithoutMetrics() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "ReduceLROnPlateau(patience=2)", "--base-lr", "0.1",
                "--steps", "40");

        assertUsageError(run, "schedule ReduceLROnPlateau(patience=2) has a plateau");
    }

    @Test
    void chartNarrowerThanTheMinimumIsRefused() {
        assertUsageError(AnnealRun.of("show", "--schedule", "cosine(tMax=10)", "--base-lr", "0.1", "--steps", "10",
                "--format", "chart", "--width", "5"), "--width must be >= 20, got 5");
    }

    @Test
    void functionThatCannotBeEvaluatedNamesTheStep() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "function(\"1 / t\")", "--base-lr", "0.1", "--steps", "10",
                "--format", "csv");

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("anneal show: function(\"1 / t\") at step 0: division by zero", run.errLines().getFirst());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void functionFailingPartWayPrintsNoRows() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "function(\"1 / (t - 5)\")", "--base-lr", "0.1", "--steps", "10",
                "--format", "csv");

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals("anneal show: function(\"1 / (t - 5)\") at step 5: division by zero", run.errLines().getFirst());
    }
}
