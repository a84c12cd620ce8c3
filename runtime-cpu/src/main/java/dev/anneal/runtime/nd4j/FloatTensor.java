package dev.anneal.runtime.nd4j;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A float32 {@link CpuTensor}. */
final class FloatTensor extends CpuTensor {
    final FloatBuffer buffer;
    final FloatPointer pointer;
    /** The tensor's memory as a {@code java.lang.foreign.MemorySegment}, for {@code VectorKernels}; else null. */
    Object segment;

    FloatTensor(INDArray array, int rows, int cols) {
        super(array, rows, cols);
        this.buffer = array.data().asNioFloat();
        this.pointer = (FloatPointer) array.data().addressPointer();
    }

    @Override
    double get(int i) {
        return buffer.get(i);
    }

    @Override
    void set(int i, double v) {
        buffer.put(i, (float) v);
    }
}
