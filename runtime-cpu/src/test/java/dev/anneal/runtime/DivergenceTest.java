package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Schedule;
import dev.anneal.Span;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceTest {

    @Test
    void anInfiniteLossStopsTheRunNamingEpochAndStepAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = new double[64][3];
        double[][] y = new double[64][1];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < 3; c++) {
                x[r][c] = rng.nextGaussian();
            }
            y[r][0] = x[r][0] - 2 * x[r][1];
        }
        Dataset data = Dataset.regression(x, y);
        Path file = dir.resolve("reg.ckpt");
        Schedule explode = Schedule.constant().lasting(Span.epochs(2)).then(Schedule.constant(1e12));
        Trainer.Builder config = Trainer.builder(Mlp.input(3).dense(8, Activation.TANH).dense(1).loss(Loss.MSE))
                .optimizer(Optimizer.sgd(0.05)).schedule(explode).batchSize(16).epochs(6).seed(2).checkpoint(file);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> config.build().fit(data, null));
        assertEquals(3, e.epoch());
        assertTrue(e.step() >= 8 && e.step() < 12, "a step of epoch 3: " + e.step());
        assertTrue(e.getMessage().contains("at epoch 3, step " + e.step()), e.getMessage());
        assertEquals(file, e.checkpoint());

        Trainer reloaded = config.epochs(2).checkpoint(null).build();
        reloaded.resume(file);
        History kept = reloaded.fit(data, null);
        assertEquals(2, kept.epochs().size());
        assertTrue(Double.isFinite(kept.last().trainLoss()));
        for (Parameter p : reloaded.network().parameters()) {
            for (double v : p.values()) {
                assertTrue(Double.isFinite(v), p + " holds " + v);
            }
        }
    }
}
