package dev.anneal.spark;

import dev.anneal.runtime.Dataset;
import java.io.Serializable;

/**
 * One worker's rows of the training data, as arrays that travel: worker {@code w} of {@code n} holds
 * rows {@code w, w + n, w + 2n, ...}, so that with the same batch size per worker, step {@code j} of
 * all workers together covers the same rows as step {@code j} of one machine with {@code n} times the
 * batch, without shuffling.
 */
record Shard(double[][] features, int[] labels, double[][] targets) implements Serializable {

    /** Worker {@code worker}'s shard of {@code data} for {@code workers} workers. */
    static Shard of(Dataset data, int worker, int workers) {
        int rows = (data.rows() - worker + workers - 1) / workers;
        double[][] x = new double[rows][];
        int[] labels = data.isClassification() ? new int[rows] : null;
        double[][] y = data.isClassification() ? null : new double[rows][];
        for (int i = 0; i < rows; i++) {
            int r = worker + i * workers;
            x[i] = data.features(r);
            if (labels != null) {
                labels[i] = data.label(r);
            } else {
                y[i] = data.targets(r);
            }
        }
        return new Shard(x, labels, y);
    }

    Dataset dataset() {
        return labels != null ? Dataset.classification(features, labels) : Dataset.regression(features, targets);
    }
}
