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
 * at once. {@code kernel.args(step)} records the launch into a {@link StepGraph} instead.
 */
final class Kernel {
    static final int MAX_ARGS = 16;
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

    /**
     * Blocks of {@link #BLOCK} threads for a grid-stride loop over {@code n} elements: one per
     * {@link #BLOCK} elements, at most 8 per multiprocessor (counted in long: n + BLOCK - 1 passes
     * 2^31 - 1 for the largest tensors).
     */
    static int blocksOver(int n, int multiprocessors) {
        return (int) Math.min((n + (long) BLOCK - 1) / BLOCK, 8L * multiprocessors);
    }

    /** Starts the calling thread's argument list for a launch of this kernel. */
    Arguments args() {
        return args(null);
    }

    /** As {@link #args()}, for a launch that {@code step} records instead (null: launched at once). */
    Arguments args(StepGraph step) {
        Arguments a = arguments.get();
        a.count = 0;
        a.inputArg = -1;
        a.step = step;
        return a;
    }

    /** The calling thread's argument list: values in 8-byte slots, and the array of pointers to them. */
    final class Arguments {
        private final MemorySegment values;
        private final MemorySegment parameters;
        private int count;
        /** The argument that points into the recorded step's inputs (holding its offset there), or -1. */
        private int inputArg;
        private StepGraph step;

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

        /** A pointer to the recorded step's inputs at {@code offset} ({@link StepGraph#inputs}). */
        Arguments input(long offset) {
            inputArg = count;
            values.set(JAVA_LONG, 8L * count++, offset);
            return this;
        }

        /** The argument values of a recorded launch, the input argument pointing at {@code inputs} plus its offset. */
        Arguments replay(long[] slots, int slotCount, int inputSlot, long inputs) {
            MemorySegment.copy(slots, 0, values, JAVA_LONG, 0, slotCount);
            if (inputSlot >= 0) {
                values.set(JAVA_LONG, 8L * inputSlot, inputs + slots[inputSlot]);
            }
            count = slotCount;
            return this;
        }

        /** Enough blocks of {@link #BLOCK} threads for {@code n} elements, capped for grid-stride loops. */
        void launchOver(int n) {
            if (n > 0) {
                launch(blocksOver(n, device.multiprocessors), 1, BLOCK, 1);
            }
        }

        void launch(int gridX, int gridY, int blockX, int blockY) {
            if (step != null) {
                step.record(Kernel.this, values, count, inputArg, gridX, gridY, blockX, blockY);
                return;
            }
            device.launch(function, gridX, gridY, blockX, blockY, parameters, name);
            if (device.syncEachLaunch) {
                device.launched("kernel " + name);
            }
        }
    }
}
