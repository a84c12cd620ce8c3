package dev.anneal.runtime.backend;

/**
 * The shape checks every {@link Backend} makes on its arguments, with the same messages on every
 * device:
 * <pre>{@code
 * TensorShapes.requireSameShape(param, grad, "sgd");   // "sgd: shapes differ, 64 x 20 and 20 x 64"
 * }</pre>
 */
public final class TensorShapes {
    private TensorShapes() {
    }

    /** A tensor of {@code rows x cols}: both positive, and at most 2^31 - 1 elements (tensors index with int). */
    public static void requireShape(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("tensor shape must be positive, got " + rows + " x " + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + rows + " x " + cols + " has more than 2^31 - 1 elements");
        }
    }

    /** Enough host values to fill {@code t}. */
    public static void requireUploadValues(double[] values, Tensor t) {
        if (values.length < t.size()) {
            throw new IllegalArgumentException("upload: " + values.length + " values for a " + t.rows() + " x " + t.cols() + " tensor");
        }
    }

    /** Room on the host for all of {@code t}. */
    public static void requireDownloadRoom(double[] dst, Tensor t) {
        if (dst.length < t.size()) {
            throw new IllegalArgumentException("download: room for " + dst.length + " values, tensor has " + t.size());
        }
    }

    /** {@code dst}'s rows can be gathered from {@code src} through {@code rows[offset ...]}. */
    public static void requireGather(Tensor src, int[] rows, int offset, Tensor dst) {
        if (src.cols() != dst.cols() || offset < 0 || offset + dst.rows() > rows.length) {
            throw new IllegalArgumentException("gatherRows: " + dst.rows() + " rows of " + src.cols()
                    + " columns from offset " + offset + " of " + rows.length + " indices into " + dst);
        }
    }

    /**
     * {@code c = op(a) . op(b)} fits: the inner sizes agree, c is op(a)'s rows by op(b)'s columns, and c is
     * neither a nor b (the product would read what it overwrites).
     */
    public static void requireMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("matmul: op(a) is " + m + " x " + k + ", op(b) " + kb + " x " + n
                    + ", c " + c.rows() + " x " + c.cols());
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("matmul: c must not be a or b");
        }
    }

    /** {@code a} and {@code b} have the same rows and columns. */
    public static void requireSameShape(Tensor a, Tensor b, String op) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + a.rows() + " x " + a.cols()
                    + " and " + b.rows() + " x " + b.cols());
        }
    }

    /** {@code row} is a 1 x {@code cols} row. */
    public static void requireRow(Tensor row, int cols, String op) {
        if (row.rows() != 1 || row.cols() != cols) {
            throw new IllegalArgumentException(op + ": expected a 1 x " + cols + " row, got "
                    + row.rows() + " x " + row.cols());
        }
    }

    /** A loss's gradient (when asked for) matches its output, and {@code slot} is a row of the n x 2 stats table. */
    public static void requireLossOutputs(Tensor output, Tensor grad, Tensor stats, int slot) {
        if (grad != null) {
            requireSameShape(output, grad, "loss gradient");
        }
        if (stats.cols() != 2 || slot < 0 || slot >= stats.rows()) {
            throw new IllegalArgumentException("loss stats must be n x 2 with slot < n, got "
                    + stats.rows() + " x " + stats.cols() + " and slot " + slot);
        }
    }
}
