package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One loaded kernel: {@code kernel.args().pointer(x).i32(n).launchOver(n)}. Each thread fills its
 * own preallocated argument memory, so that a launch allocates nothing and trainings on several
 * threads can share the kernel; cuLaunchKernel copies the argument values, so the memory is reused
 * at once.
 */
final class Kernel {
    private static final int MAX_ARGS = 16;
    /** Threads per block for one-dimensional launches. */
    static final int BLOCK = 256;

    final String name;
    private final CudaDevice device;
    private final MemorySegment function;
    private final ThreadLocal<Arguments> arguments = ThreadLocal.withInitial(Arguments::new);

    Kernel(CudaDevice device, MemorySegment function, String name) {
        this.device = device;
        this.function = function;
        this.name = name;
    }

    /** Starts the calling thread's argument list for a launch of this kernel. */
    Arguments args() {
        Arguments a = arguments.get();
        a.count = 0;
        return a;
    }

    /** The calling thread's argument list: values in 8-byte slots, and the array of pointers to them. */
    final class Arguments {
        private final MemorySegment values;
        private final MemorySegment parameters;
        private int count;

        private Arguments() {
            Arena arena = Arena.ofAuto();
            values = arena.allocate(8L * MAX_ARGS, 8);
            parameters = arena.allocate(ADDRESS, MAX_ARGS);
            for (int i = 0; i < MAX_ARGS; i++) {
                parameters.setAtIndex(ADDRESS, i, values.asSlice(8L * i, 8));
            }
        }

        /** A device pointer (0 for a null pointer). */
        Arguments pointer(long devicePointer) {
            values.set(JAVA_LONG, 8L * count++, devicePointer);
            return this;
        }

        Arguments i32(int value) {
            values.set(JAVA_INT, 8L * count++, value);
            return this;
        }

        Arguments f64(double value) {
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
}
