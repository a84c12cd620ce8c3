package dev.anneal.runtime.sweep;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Split;
import java.util.SplittableRandom;

/** A small two-class data set and network that train in milliseconds, for the sweep tests. */
final class SweepFixtures {
    static final Mlp MLP = Mlp.input(6).dense(8, Activation.RELU).dense(2);

    private SweepFixtures() {
    }

    /** 240 rows of two overlapping Gaussian blobs in 6 dimensions: 200 train, 40 validation. */
    static Split data() {
        SplittableRandom rng = new SplittableRandom(11);
        double[][] x = new double[240][6];
        int[] y = new int[240];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 6; j++) {
                double u = rng.nextDouble();
                double v = rng.nextDouble();
                double g = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
                x[i][j] = g + (j < 3 ? (y[i] == 1 ? 0.8 : -0.8) : 0);
            }
        }
        return Dataset.classification(x, y).split(200);
    }

    /** Six trials: two schedules by three learning rates, 4 epochs, batch 25. */
    static SearchSpace sixTrials() {
        return SearchSpace.builder()
                .schedule("warmup({w}) then cosine()")
                .hole("w", "0", "1.epochs")
                .lrs(0.001, 0.03, 0.3)
                .batchSizes(25).epochs(4)
                .build();
    }
}
