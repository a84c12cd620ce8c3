package dev.anneal.runtime;

import java.util.Arrays;

/**
 * Per-feature standardisation {@code (x - mean) / std}, fitted on the training split only and kept
 * with the network (and its checkpoints) so that predictions standardise raw rows the same way.
 * A feature with standard deviation 0 is only centred.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(split.train());
 * Dataset scaled = s.apply(split.validation());
 * }</pre>
 *
 * @param mean per-feature means
 * @param std  per-feature population standard deviations (1 where the feature is constant)
 */
public record Standardizer(double[] mean, double[] std) {

    /** Checks the lengths and copies the arrays. */
    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("standardizer: " + mean.length + " means but " + std.length + " stds");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Means and standard deviations of {@code data}'s features. */
    public static Standardizer fit(Dataset data) {
        int f = data.features();
        double[] x = data.x();
        double[] mean = new double[f];
        double[] var = new double[f];
        for (int r = 0; r < data.rows(); r++) {
            for (int c = 0; c < f; c++) {
                mean[c] += x[r * f + c];
            }
        }
        for (int c = 0; c < f; c++) {
            mean[c] /= data.rows();
        }
        for (int r = 0; r < data.rows(); r++) {
            for (int c = 0; c < f; c++) {
                double d = x[r * f + c] - mean[c];
                var[c] += d * d;
            }
        }
        double[] std = new double[f];
        for (int c = 0; c < f; c++) {
            double s = Math.sqrt(var[c] / data.rows());
            std[c] = s > 0 ? s : 1.0;
        }
        return new Standardizer(mean, std);
    }

    /** Number of features. */
    public int features() {
        return mean.length;
    }

    /** {@code data} with its features standardised. */
    public Dataset apply(Dataset data) {
        if (data.features() != features()) {
            throw new IllegalArgumentException("standardizer fitted on " + features() + " features, data has "
                    + data.features());
        }
        double[] x = data.x().clone();
        int f = features();
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - mean[i % f]) / std[i % f];
        }
        return data.withFeatures(x);
    }

    /** One row standardised. */
    public double[] apply(double[] row) {
        double[] out = new double[row.length];
        for (int c = 0; c < row.length; c++) {
            out[c] = (row[c] - mean[c]) / std[c];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
