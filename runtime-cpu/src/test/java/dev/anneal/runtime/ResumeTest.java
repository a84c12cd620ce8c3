package dev.anneal.runtime;

import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
    private static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);

    private static Trainer.Builder config() {
        return Trainer.builder(Mlp.input(20).dense(32, Activation.TANH).dense(2))
                .optimizer(Optimizer.adamW(0.01).group(ParamGroup.biases().weightDecay(0.0).lr(0.02)))
                .schedule(warmup(30).then(plateau().patience(0).factor(0.5)))
                .batchSize(64).epochs(10).seed(5).standardize(true).recordSteps(true);
    }

    @Test
    void tenEpochsInOneGoEqualFivePlusSaveLoadPlusFive(@TempDir Path dir) {
        Trainer straight = config().build();
        History full = straight.fit(SPLIT);

        Path file = dir.resolve("run.ckpt");
        Trainer first = config().checkpoint(file)
                .listener((epoch, t) -> {
                    if (epoch.epoch() == 5) {
                        t.stop("pause");
                    }
                }).build();
        first.fit(SPLIT);
        assertEquals(5, first.history().epochs().size());

        Trainer resumed = config().build();
        resumed.resume(file);
        History continued = resumed.fit(SPLIT);

        assertEquals(withoutTimes(full.epochs()), withoutTimes(continued.epochs()));
        assertEquals(full.steps(), continued.steps());
        for (int i = 0; i < straight.network().parameters().size(); i++) {
            assertArrayEquals(straight.network().parameters().get(i).values(),
                    resumed.network().parameters().get(i).values());
        }
        Set<Double> lrs = full.epochs().stream().skip(1).map(e -> e.lr().get("default")).collect(Collectors.toSet());
        assertTrue(lrs.size() > 2, "the plateau must have cut the learning rate more than once: " + lrs);
        assertTrue(full.epochs().get(4).lr().get("default") > full.epochs().get(9).lr().get("default"),
                "a reduction after the resume point");
        assertTrue(Files.exists(file) && !Files.exists(dir.resolve("run.ckpt.tmp")));
    }

    private static List<String> withoutTimes(List<EpochRecord> epochs) {
        return epochs.stream().map(e -> e.epoch() + " " + e.steps() + " " + e.trainLoss() + " " + e.valLoss() + " "
                + e.valAccuracy() + " " + e.lr()).toList();
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedWithBothShapes(@TempDir Path dir) {
        Path file = dir.resolve("run.ckpt");
        config().epochs(1).checkpoint(file).build().fit(SPLIT);
        Trainer other = Trainer.builder(Mlp.input(20).dense(16, Activation.TANH).dense(2)).seed(5).build();
        other.resume(file);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> other.fit(SPLIT));
        assertTrue(e.getMessage().contains("dense(32, tanh)") && e.getMessage().contains("dense(16, tanh)"),
                e.getMessage());
    }
}
