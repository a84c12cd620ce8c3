package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One loaded kernel with preallocated argument memory, so that a launch allocates nothing:
 * {@code kernel.args().pointer(x).i32(n).launch(grid, block)}. cuLaunchKernel copies the
 * argument values, so the memory is reused at once. Not thread-safe.
 */
final class Kernel {
    private static final int MAX_ARGS = 16;
    /** Threads per block for one-dimensional launches. */
    static final int BLOCK = 256;

    final String name;
    private final CudaDevice device;
    private final MemorySegment function;
    private final MemorySegment values;
    private final MemorySegment parameters;
    private int count;

    Kernel(CudaDevice device, MemorySegment function, String name) {
        this.device = device;
        this.function = function;
        this.name = name;
        Arena arena = Arena.ofAuto();
        values = arena.allocate(8L * MAX_ARGS, 8);
        parameters = arena.allocate(ADDRESS, MAX_ARGS);
        for (int i = 0; i < MAX_ARGS; i++) {
            parameters.setAtIndex(ADDRESS, i, values.asSlice(8L * i, 8));
        }
    }

    /** Starts a new argument list. */
    Kernel args() {
        count = 0;
        return this;
    }

    /** A device pointer (0 for a null pointer). */
    Kernel pointer(long devicePointer) {
        values.set(JAVA_LONG, 8L * count++, devicePointer);
        return this;
    }

    Kernel i32(int value) {
        values.set(JAVA_INT, 8L * count++, value);
        return this;
    }

    Kernel f64(double value) {
        values.set(JAVA_DOUBLE, 8L * count++, value);
        return this;
    }

    /** Enough blocks of {@link #BLOCK} threads for {@code n} elements, capped for grid-stride loops. */
    void launchOver(int n) {
        if (n > 0) {
            launch(Math.min((n + BLOCK - 1) / BLOCK, device.multiprocessors * 8), 1, BLOCK, 1);
        }
    }

    void launch(int gridX, int gridY, int blockX, int blockY) {
        device.makeCurrent();
        device.driver.launch(function, gridX, gridY, blockX, blockY, 0, device.stream, parameters, name);
    }
}
