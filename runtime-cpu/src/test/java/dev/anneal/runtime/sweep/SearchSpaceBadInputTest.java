package dev.anneal.runtime.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSpaceBadInputTest {
    @TempDir
    Path tmp;

    private static String refused(SearchSpace.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void anUnknownHoleNameIsNamed() {
        assertEquals("unknown hole 'wu': no schedule has {wu}; the holes are [w]", refused(SearchSpace.builder()
                .schedule("warmup({w}) then cosine()").hole("w", "0").hole("wu", "1")));
    }

    @Test
    void aHoleWithoutValuesIsNamed() {
        assertEquals("hole 'w' has no values", refused(SearchSpace.builder()
                .schedule("warmup({w}) then cosine()").hole("w")));
        assertEquals("schedule 'warmup({w}) then cosine()': hole {w} has no values; give them, e.g. w in [0, 2.epochs]",
                refused(SearchSpace.builder().schedule("warmup({w}) then cosine()")));
    }

    @Test
    void anInvalidScheduleIsReportedWithItsTextAndPosition() {
        String m = refused(SearchSpace.builder().schedule("warmup({w}) then cosine(tMax=)").hole("w", "0", "5"));
        assertTrue(m.startsWith("schedule 'warmup(0) then cosine(tMax=)' (from 'warmup({w}) then cosine(tMax=)' with "
                + "{w=0}): line 1, column 28:"), m);
        String bad = refused(SearchSpace.builder().schedule("cosine(tMax={t})").hole("t", "10", "-5"));
        assertTrue(bad.startsWith("schedule 'cosine(tMax=-5)'"), bad);
        assertTrue(bad.contains("tMax must be a length"), bad);
    }

    @Test
    void aScheduleThatDoesNotFitTheRunIsFoundBeforeAnyTrial() {
        SearchSpace space = SearchSpace.builder().schedule("warmup(10.epochs) then linear(20.epochs) then cosine()")
                .epochs(5).build();
        String m = assertThrows(IllegalArgumentException.class, () -> space.checkFits(200)).getMessage();
        assertTrue(m.startsWith("schedule 'warmup(10.epochs) then linear(20.epochs) then cosine()' (batch 32, 5 epochs): "),
                m);
    }

    @Test
    void aBraceThatIsNotAHoleIsRefused() {
        String m = refused(SearchSpace.builder().schedule("warmup({2w}) then cosine()"));
        assertEquals("schedule 'warmup({2w}) then cosine()': column 8: '{2w}' is not a hole name (letters, digits, _)", m);
    }

    @Test
    void aSweepFileThatDoesNotParseGivesLineAndColumn() throws IOException {
        Path json = tmp.resolve("s.json");
        Files.writeString(json, "{\n  \"schedules\": [\"cosine()\"],\n  \"lr\": [0.1,, 0.2]\n}\n");
        String m = assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(json)).getMessage();
        assertTrue(m.startsWith("sweep file " + json + ": line 3, column 14: "), m);

        Path yaml = tmp.resolve("s.yaml");
        Files.writeString(yaml, "schedules: [cosine()]\nlr: [0.1]\nsedes: [1, 2]\n");
        String unknown = assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(yaml)).getMessage();
        assertTrue(unknown.startsWith("sweep file " + yaml + ": line 3, column 9: Unrecognized field \"sedes\""), unknown);

        Path wrongKind = tmp.resolve("k.yaml");
        Files.writeString(wrongKind, "schedules: [cosine()]\nepochs: many\n");
        String kind = assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(wrongKind)).getMessage();
        assertTrue(kind.startsWith("sweep file " + wrongKind + ": line 2, column 9: "), kind);
    }

    @Test
    void aSweepFileSaysWhatTheOptionsSay() throws IOException {
        Path yaml = tmp.resolve("s.yaml");
        Files.writeString(yaml, """
                schedules: ["warmup({w}) then cosine(etaMin={eta})"]
                holes: {w: [0, 2.epochs], eta: [0, 1e-4]}
                lr: [0.01, 0.1]
                seeds: [1, 2]
                epochs: 5
                halving: {eta: 3, minEpochs: 2}
                """);
        SweepSpec spec = SweepSpec.read(yaml);
        SearchSpace fromFile = spec.space(SearchSpace.builder()).build();
        SearchSpace fromCode = SearchSpace.builder().schedule("warmup({w}) then cosine(etaMin={eta})")
                .hole("w", "0", "2.epochs").hole("eta", "0", "1e-4").lrs(0.01, 0.1).seeds(1, 2).epochs(5).build();
        assertEquals(fromCode.trials(), fromFile.trials());
        assertEquals(Halving.parse("eta=3,min-epochs=2"), spec.halving());
    }
}
