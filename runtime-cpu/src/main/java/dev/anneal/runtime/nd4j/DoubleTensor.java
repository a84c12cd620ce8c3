package dev.anneal.runtime.nd4j;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A float64 {@link CpuTensor}. */
final class DoubleTensor extends CpuTensor {
    final DoubleBuffer buffer;
    final DoublePointer pointer;

    DoubleTensor(INDArray array, int rows, int cols) {
        super(array, rows, cols);
        this.buffer = array.data().asNioDouble();
        this.pointer = (DoublePointer) array.data().addressPointer();
    }

    @Override
    double get(int i) {
        return buffer.get(i);
    }

    @Override
    void set(int i, double v) {
        buffer.put(i, v);
    }
}
