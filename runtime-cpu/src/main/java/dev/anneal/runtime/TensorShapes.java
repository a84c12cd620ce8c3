package dev.anneal.runtime;

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
