package dev.anneal.gpu;

import dev.anneal.runtime.backend.Tensor;
import java.lang.ref.Cleaner;

/**
 * A row-major matrix in GPU memory, made by a {@link CudaBackend}. Its memory is freed when the
 * tensor becomes unreachable.
 */
final class CudaTensor implements Tensor {
    private static final Cleaner CLEANER = Cleaner.create();

    final CudaBackend owner;
    final long pointer;
    private final int rows;
    private final int cols;

    CudaTensor(CudaBackend owner, CudaDevice device, int rows, int cols, long bytes) {
        this.owner = owner;
        this.rows = rows;
        this.cols = cols;
        this.pointer = device.allocate(bytes);
        CLEANER.register(this, new Free(device, pointer));
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public String toString() {
        return "CudaTensor[" + rows + " x " + cols + " on " + owner.name() + "]";
    }

    /** Frees the memory; holds no reference to the tensor. */
    private record Free(CudaDevice device, long pointer) implements Runnable {
        @Override
        public void run() {
            device.free(pointer);
        }
    }
}
