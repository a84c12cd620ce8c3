package dev.anneal.samples.train;

import dev.anneal.runtime.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The embedded data set of the samples: a two-class problem made from a seed, in the manner of
 * scikit-learn's {@code make_classification}. Each class is two Gaussian clusters (unit variance)
 * around opposite vertices of a hypercube in the first five ("informative") features, so both classes
 * have the same mean and no linear model separates them; the next five features are random linear
 * mixtures of the first five, the rest pure noise; {@value #FLIPPED_PERCENT}% of the labels are
 * flipped, so no model gets every row right. Every feature is then standardised over all rows.
 *
 * <pre>{@code
 * Dataset data = SyntheticData.generate(1000, 20, 7);   // the default of anneal train
 * Split split = data.split(800);                         // rows 0-799 train, 800-999 validate
 * }</pre>
 */
public final class SyntheticData {
    /** Rows of the default set. */
    public static final int ROWS = 1000;
    /** Features of the default set. */
    public static final int FEATURES = 20;
    /** Training rows of the default split (the rest validate). */
    public static final int TRAIN_ROWS = 800;
    /** The seed of the default set. */
    public static final long SEED = 7;

    static final int FLIPPED_PERCENT = 2;
    private static final int INFORMATIVE = 5;
    private static final double SEPARATION = 1.3;

    private SyntheticData() {
    }

    /** The default set: {@value #ROWS} rows, {@value #FEATURES} features, seed {@value #SEED}. */
    public static Dataset standard() {
        return generate(ROWS, FEATURES, SEED);
    }

    /**
     * A data set of {@code rows} rows (classes alternate, so any prefix is balanced) and
     * {@code features} standardised features, the same for the same arguments.
     *
     * @throws IllegalArgumentException when {@code rows < 4} or {@code features < 2}
     */
    public static Dataset generate(int rows, int features, long seed) {
        if (rows < 4 || features < 2) {
            throw new IllegalArgumentException("synthetic data needs rows >= 4 and features >= 2, got " + rows + " x "
                    + features);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int informative = Math.min(INFORMATIVE, features);
        int redundant = Math.min(INFORMATIVE, features - informative);
        double[][] centroids = centroids(informative, rng);
        double[][] mixing = new double[redundant][informative];
        for (double[] row : mixing) {
            for (int j = 0; j < informative; j++) {
                row[j] = 2 * rng.nextDouble() - 1;
            }
        }
        double[][] x = new double[rows][features];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            int label = i % 2;
            double[] centre = centroids[2 * label + rng.nextInt(2)];
            for (int j = 0; j < informative; j++) {
                x[i][j] = centre[j] + gaussian(rng);
            }
            for (int r = 0; r < redundant; r++) {
                for (int j = 0; j < informative; j++) {
                    x[i][informative + r] += mixing[r][j] * x[i][j];
                }
            }
            for (int j = informative + redundant; j < features; j++) {
                x[i][j] = gaussian(rng);
            }
            y[i] = rng.nextInt(100) < FLIPPED_PERCENT ? 1 - label : label;
        }
        standardise(x);
        return Dataset.classification(x, y);
    }

    /**
     * Two opposite vertices of the hypercube {@code [-SEPARATION, SEPARATION]^n} per class: class 0 at
     * {@code a} and {@code -a}, class 1 at {@code b} and {@code -b}, where {@code b} is {@code a} with
     * {@code n / 2} of its signs flipped.
     */
    private static double[][] centroids(int n, SplittableRandom rng) {
        double[] a = new double[n];
        for (int j = 0; j < n; j++) {
            a[j] = rng.nextBoolean() ? SEPARATION : -SEPARATION;
        }
        int[] order = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int k = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        double[] b = a.clone();
        for (int i = 0; i < n / 2; i++) {
            b[order[i]] = -b[order[i]];
        }
        return new double[][] {a, negate(a), b, negate(b)};
    }

    private static double[] negate(double[] v) {
        return Arrays.stream(v).map(x -> -x).toArray();
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static void standardise(double[][] x) {
        int rows = x.length;
        for (int j = 0; j < x[0].length; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= rows;
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean);
            }
            double std = Math.sqrt(var / rows);
            for (double[] row : x) {
                row[j] = std > 0 ? (row[j] - mean) / std : row[j] - mean;
            }
        }
    }
}
