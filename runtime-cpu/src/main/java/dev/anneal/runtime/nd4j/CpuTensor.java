package dev.anneal.runtime.nd4j;

import dev.anneal.runtime.backend.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A CPU tensor: an ND4J array (off-heap, row-major) and element access for the Java kernels. The two
 * subclasses keep each element access a direct buffer read or write the JIT inlines.
 */
abstract sealed class CpuTensor implements Tensor permits FloatTensor, DoubleTensor {
    final INDArray array;
    private final int rows;
    private final int cols;

    CpuTensor(INDArray array, int rows, int cols) {
        this.array = array;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    abstract double get(int i);

    abstract void set(int i, double v);

    @Override
    public String toString() {
        return "CpuTensor[" + rows + " x " + cols + "]";
    }
}
