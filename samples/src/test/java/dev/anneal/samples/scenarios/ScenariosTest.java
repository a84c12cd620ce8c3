package dev.anneal.samples.scenarios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.samples.scenarios.kotlin.CosineTraceKt;
import dev.anneal.samples.scenarios.kotlin.PlateauKt;
import dev.anneal.samples.scenarios.kotlin.ResumeKt;
import dev.anneal.samples.scenarios.kotlin.StepDecayKt;
import dev.anneal.samples.scenarios.kotlin.WarmRestartsKt;
import dev.anneal.samples.scenarios.kotlin.WarmupCosineKt;
import dev.anneal.samples.train.EpochRow;
import dev.anneal.samples.train.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario, Java and Kotlin, at {@link Size#QUICK}: the learning rates at the epochs the README
 * names, accuracy above a floor on the synthetic data, and the files written.
 */
class ScenariosTest {
    /** Validation accuracy every training scenario reaches on the quick synthetic data (320 training rows). */
    static final double ACCURACY_FLOOR = 0.8;
    static final double EXACT = 1e-12;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private Path folder(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }

    private static void assertTrained(RunResult run, Path folder) {
        assertTrue(run.last().valAccuracy() >= ACCURACY_FLOOR, "validation accuracy " + run.last().valAccuracy());
        for (String file : List.of("history.csv", "history.json", "lr.png", "loss.png", "accuracy.png")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
    }

    private static List<String> notes(RunResult run) {
        return run.rows().stream().map(EpochRow::note).toList();
    }

    /** Each epoch's losses and accuracy, exactly (Double.toString round-trips). */
    private static List<String> losses(RunResult run) {
        return run.rows().stream().map(r -> r.epoch() + " " + r.trainLoss() + " " + r.valLoss() + " " + r.valAccuracy())
                .toList();
    }

    /** Each epoch's row as the table shows it, exactly: losses, accuracy, learning rate and note. */
    private static List<String> rows(RunResult run) {
        return run.rows().stream().map(r -> r.epoch() + " " + r.trainLoss() + " " + r.valLoss() + " " + r.valAccuracy()
                + " " + r.lr() + " " + r.note()).toList();
    }

    @Test
    void cosineTraceFallsToZeroAtEpochTenAndIsBackAtTheBaseAtEpochTwenty() throws Exception {
        RunResult java = CosineTrace.run(Size.QUICK, folder("java"), out);
        RunResult kotlin = CosineTraceKt.cosineTrace(Size.QUICK, folder("kotlin"), out);

        for (RunResult run : List.of(java, kotlin)) {
            assertEquals(20, run.rows().size());
            assertEquals(0.1, run.lrAfter(0), EXACT);
            assertEquals(0.05, run.rows().get(4).lr(), EXACT);
            assertEquals(0.0, run.rows().get(9).lr(), EXACT);
            assertEquals(0.05, run.rows().get(14).lr(), EXACT);
            assertEquals(0.1, run.rows().get(19).lr(), EXACT);
        }
        assertEquals("CosineAnnealingLR minimum", notes(java).get(9));
        assertEquals("cosine maximum", notes(kotlin).get(19));
        assertArrayEquals(java.stepLrs(), kotlin.stepLrs(), EXACT, "PyTorch's name and Anneal's give the same rates");
        assertTrained(java, dir.resolve("java"));
        assertTrained(kotlin, dir.resolve("kotlin"));
        assertTrue(printed().contains("Epoch | Train loss | Val loss | Val acc | LR after  | Note"));
    }

    @Test
    void stepDecayHalvesAfterEpochsFiveAndTen() throws Exception {
        RunResult java = StepDecay.run(Size.QUICK, folder("java"), out);
        RunResult kotlin = StepDecayKt.stepDecay(Size.QUICK, folder("kotlin"), out);

        for (RunResult run : List.of(java, kotlin)) {
            List<Double> lrs = run.rows().stream().map(EpochRow::lr).toList();
            assertEquals(List.of(0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025), lrs);
            assertEquals("step decay ×0.5", notes(run).get(4));
            assertEquals("step decay ×0.5", notes(run).get(9));
            assertEquals(10, run.experiment().mlp().inputs());
            assertTrained(run, run == java ? dir.resolve("java") : dir.resolve("kotlin"));
        }
        assertTrue(ACCURACY_FLOOR <= java.last().valAccuracy());
    }

    @Test
    void warmupThenCosineWrittenThreeWaysGivesTheSameNumbers() throws Exception {
        WarmupCosine.Result java = WarmupCosine.run(Size.QUICK, folder("java"), out);
        WarmupCosine.Result kotlin = WarmupCosineKt.warmupCosine(Size.QUICK, folder("kotlin"), out);

        for (WarmupCosine.Result result : List.of(java, kotlin)) {
            double[] dsl = result.values().getFirst();
            assertEquals(0.01, dsl[0], EXACT);
            assertEquals(0.1, dsl[10], EXACT);
            assertEquals((0.1 + 1e-6) / 2, dsl[55], EXACT);
            assertEquals(1e-6, dsl[100], EXACT);
            for (double[] other : result.values()) {
                assertArrayEquals(dsl, other, EXACT);
            }
            List<String> first = losses(result.runs().getFirst());
            for (RunResult run : result.runs()) {
                assertEquals(first, losses(run),
                        "the three schedules' rates differ by at most 3e-17, which float32 training rounds away");
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve("java/compare.png")));
        assertTrue(Files.isRegularFile(dir.resolve("kotlin/compare.png")));
    }

    @Test
    void warmRestartsRestartAtFiftyAndOneHundredFiftyAndInTraining() throws Exception {
        WarmRestarts.Result java = WarmRestarts.run(Size.QUICK, folder("java"), out);
        WarmRestarts.Result kotlin = WarmRestartsKt.warmRestarts(Size.QUICK, folder("kotlin"), out);

        for (WarmRestarts.Result result : List.of(java, kotlin)) {
            double[] lr = result.lr();
            assertEquals(351, lr.length);
            for (int restart : new int[] {0, 50, 150, 350}) {
                assertEquals(0.1, lr[restart], EXACT, "epoch " + restart);
            }
            assertEquals(1e-5 + (0.1 - 1e-5) / 2, lr[25], EXACT);
            assertEquals(1e-5 + (0.1 - 1e-5) / 2, lr[100], EXACT);
            assertEquals(1e-5 + (0.1 - 1e-5) / 2, lr[250], EXACT);
            assertTrue(lr[349] < 2e-5, "just before the restart at 350: " + lr[349]);
            List<String> notes = notes(result.run());
            List<Integer> restarts = new ArrayList<>();
            for (int e = 0; e < notes.size(); e++) {
                if (notes.get(e).equals("restart")) {
                    restarts.add(e + 1);
                }
            }
            assertEquals(List.of(5, 15, 35), restarts);
            assertEquals(0.1, result.run().rows().get(4).lr(), EXACT);
            assertTrained(result.run(), result == java ? dir.resolve("java") : dir.resolve("kotlin"));
        }
        assertArrayEquals(java.lr(), kotlin.lr(), EXACT);
        assertTrue(Files.isRegularFile(dir.resolve("java/restarts.png")));
    }

    @Test
    void plateauHalvesTheRateWhenTheValidationLossStopsImproving() throws Exception {
        RunResult java = PlateauRun.run(Size.QUICK, folder("java"), out);
        RunResult kotlin = PlateauKt.plateauRun(Size.QUICK, folder("kotlin"), out);

        for (RunResult run : List.of(java, kotlin)) {
            assertEquals(0.1 / 3, run.rows().get(0).lr(), EXACT);
            assertEquals(0.2 / 3, run.rows().get(1).lr(), EXACT);
            assertEquals(0.1, run.rows().get(2).lr(), EXACT);
            assertEquals(expectedPlateauRates(run), run.rows().stream().map(EpochRow::lr).toList());
            assertTrue(run.last().lr() < 0.1, "the rate was reduced at least once");
            assertTrained(run, run == java ? dir.resolve("java") : dir.resolve("kotlin"));
        }
        assertEquals(rows(java), rows(kotlin), "the Java and Kotlin scripts train the same run");
    }

    /**
     * PyTorch's ReduceLROnPlateau(mode=min, factor=0.5, patience=2, threshold=1e-4 rel) fed the
     * validation loss after each epoch from epoch 4 (the plateau starts after the 3 warmup epochs).
     */
    private static List<Double> expectedPlateauRates(RunResult run) {
        List<Double> rates = new ArrayList<>(List.of(0.1 / 3, 0.2 / 3, 0.1));
        double best = Double.POSITIVE_INFINITY;
        int bad = 0;
        double lr = 0.1;
        for (EpochRow row : run.rows().subList(3, run.rows().size())) {
            if (row.valLoss() < best * (1 - 1e-4)) {
                best = row.valLoss();
                bad = 0;
            } else {
                bad++;
            }
            if (bad > 2) {
                lr *= 0.5;
                bad = 0;
            }
            rates.add(lr);
        }
        return rates;
    }

    @Test
    void resumedRunInAnotherProcessRepeatsTheUninterruptedOne() throws Exception {
        ResumeRun.Result java = ResumeRun.run(Size.QUICK, folder("java"), out);
        ResumeRun.Result kotlin = ResumeKt.resume(Size.QUICK, folder("kotlin"), out);

        for (ResumeRun.Result result : List.of(java, kotlin)) {
            assertEquals(rows(result.straight()), rows(result.resumed()), printed());
            assertTrue(result.identical(), "the scenario says so too");
            assertEquals(10, result.resumed().rows().size());
            assertEquals(0.0, result.resumed().last().lr(), EXACT);
            assertTrained(result.resumed(), (result == java ? dir.resolve("java") : dir.resolve("kotlin"))
                    .resolve("resumed"));
        }
        assertTrue(Files.isRegularFile(dir.resolve("java/first-5/final.ckpt")));
        assertTrue(printed().contains("   | stopped after epoch 5 as asked"), printed());
    }
}
