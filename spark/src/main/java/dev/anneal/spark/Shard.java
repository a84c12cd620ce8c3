package dev.anneal.spark;

import dev.anneal.runtime.Dataset;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One worker's rows of the training data, as arrays that travel. Worker {@code w} of {@code n} holds
 * rows {@code p[w], p[w + n], p[w + 2n], ...} of an order {@code p}: without shuffling, the data's own
 * order, so that with the same batch size per worker step {@code j} of all workers together covers
 * the same rows as step {@code j} of one machine with {@code n} times the batch; with shuffling, a
 * permutation drawn from the seed, so that no worker's shard follows a pattern of the file (rows
 * sorted or alternating by class would otherwise give each worker one class).
 */
record Shard(double[][] features, int[] labels, double[][] targets) implements Serializable {

    /**
     * Worker {@code worker}'s shard of {@code data} for {@code workers} workers; rows dealt in the
     * data's order, or in an order drawn from {@code seed} when {@code shuffle}.
     */
    static Shard of(Dataset data, int worker, int workers, boolean shuffle, long seed) {
        int[] order = order(data.rows(), shuffle, seed);
        int rows = rowsOf(data.rows(), worker, workers);
        double[][] x = new double[rows][];
        int[] labels = data.isClassification() ? new int[rows] : null;
        double[][] y = data.isClassification() ? null : new double[rows][];
        for (int i = 0; i < rows; i++) {
            int r = order[worker + i * workers];
            x[i] = data.features(r);
            if (labels != null) {
                labels[i] = data.label(r);
            } else {
                y[i] = data.targets(r);
            }
        }
        return new Shard(x, labels, y);
    }

    /** How many of {@code n} rows worker {@code worker} of {@code workers} holds. */
    static int rowsOf(int n, int worker, int workers) {
        return (n - worker + workers - 1) / workers;
    }

    /** The rows in the data's order, or shuffled (Fisher-Yates) from {@code seed}. */
    static int[] order(int rows, boolean shuffle, long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(seed ^ 0x5348415244L);
            for (int i = rows - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    Dataset dataset() {
        return labels != null ? Dataset.classification(features, labels) : Dataset.regression(features, targets);
    }
}
