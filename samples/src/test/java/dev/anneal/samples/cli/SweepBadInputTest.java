package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code anneal sweep}: a clear message, exit code 2, nothing written. */
class SweepBadInputTest {
    @TempDir
    Path dir;

    private String refused(String... args) {
        Path out = dir.resolve("out");
        List<String> all = new ArrayList<>(List.of("sweep", "--out", out.toString()));
        all.addAll(List.of(args));
        AnnealRun run = AnnealRun.of(all.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertFalse(Files.exists(out), "nothing written");
        assertEquals("", run.out());
        return run.errLines().get(0);
    }

    @Test
    void aDataUriIsForTrainOnSparkOnly() {
        assertEquals("anneal sweep: --data s3a://bucket/train.csv: only anneal train --spark reads a URI (on the Spark "
                + "executors); give a local CSV file", refused("--schedule", "cosine()", "--data", "s3a://bucket/train.csv"));
    }

    @Test
    void anUnknownHoleName() {
        assertEquals("anneal sweep: unknown hole 'x': no schedule has {x}; the holes are [w]",
                refused("--schedule", "warmup({w}) then cosine()", "--hole", "w in [0, 2.epochs]", "--hole", "x in [1]"));
    }

    @Test
    void aHoleWithNoValues() {
        assertEquals("anneal sweep: hole 'w' has no values",
                refused("--schedule", "warmup({w}) then cosine()", "--hole", "w in []"));
        assertEquals("anneal sweep: schedule 'warmup({w}) then cosine()': hole {w} has no values; give them, e.g. "
                + "w in [0, 2.epochs]", refused("--schedule", "warmup({w}) then cosine()"));
    }

    @Test
    void anInvalidScheduleWithItsTextAndPosition() {
        assertEquals("anneal sweep: schedule 'warmup(2.epochs) then cosin()': line 1, column 23: unknown schedule "
                + "'cosin'", refused("--schedule", "cosine()", "--schedule", "warmup(2.epochs) then cosin()").split(",\\s*did")[0]
                .replaceFirst("'cosin'.*", "'cosin'"));
        String tooLong = refused("--schedule", "warmup(30.epochs) then cosine()", "--epochs", "5");
        assertTrue(tooLong.startsWith("anneal sweep: schedule 'warmup(30.epochs) then cosine()' (batch 32, 5 epochs): "),
                tooLong);
    }

    @Test
    void aSweepFileThatDoesNotParse() throws Exception {
        Path spec = dir.resolve("sweep.yaml");
        Files.writeString(spec, "schedules: [cosine()]\nlr: [0.1, 0.2\nseeds: [1]\n");
        String m = refused("--spec", spec.toString());
        assertTrue(m.startsWith("anneal sweep: sweep file " + spec + ": line "), m);
        assertTrue(m.matches(".*line \\d+, column \\d+: .*"), m);
    }

    @Test
    void moreThanTenThousandTrialsWithoutYes() {
        StringBuilder lrs = new StringBuilder();
        for (int i = 1; i <= 101; i++) {
            lrs.append(i == 1 ? "" : ",").append(i * 1e-3);
        }
        StringBuilder seeds = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            seeds.append(i == 1 ? "" : ",").append(i);
        }
        assertEquals("anneal sweep: 10100 trials is more than 10000; narrow the space or add --yes",
                refused("--schedule", "cosine()", "--lr", lrs.toString(), "--seeds", seeds.toString()));
    }

    @Test
    void aHoleThatIsNotNameInList() {
        String m = refused("--schedule", "warmup({w}) then cosine()", "--hole", "w=0,2");
        assertEquals("--hole must read 'NAME in [V1, V2, ...]', got 'w=0,2'", m);
    }
}
