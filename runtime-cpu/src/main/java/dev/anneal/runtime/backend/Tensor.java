package dev.anneal.runtime.backend;

/**
 * A matrix living on a {@link Backend}, row-major, of the backend's {@link Precision}. Opaque: only
 * the backend that made it reads or writes its values; everything else moves data through
 * {@link Backend#upload(double[], int, int)} and {@link Backend#download(Tensor, double[])}.
 *
 * <pre>{@code
 * Tensor w = backend.upload(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * double[] host = new double[w.size()];
 * backend.download(w, host);
 * }</pre>
 */
public interface Tensor {

    /** Number of rows. */
    int rows();

    /** Number of columns. */
    int cols();

    /** {@code rows() * cols()}. */
    default int size() {
        return rows() * cols();
    }
}
