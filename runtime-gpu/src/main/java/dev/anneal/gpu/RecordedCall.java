package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One call of a recorded training step ({@link StepGraph}): a kernel launch with its grid and its
 * argument values (8-byte slots, as cuLaunchKernel reads them), a GEMM, or a copy on the device.
 * What changes from step to step is not here but in the step's inputs: an argument that points into
 * them holds its offset there, and becomes a pointer when the call is issued. So two steps whose
 * calls are the same, one for one, are the same graph. Mutable: a step's slots are reused by the next.
 */
final class RecordedCall {
    enum Kind { KERNEL, GEMM, COPY }

    Kind kind;
    Kernel kernel;
    int gridX;
    int gridY;
    int blockX;
    int blockY;
    final long[] args = new long[Kernel.MAX_ARGS];
    int argCount;
    /** The argument that points into the step's inputs (holding the offset), or -1. */
    int inputArg;

    void kernel(Kernel kernel, MemorySegment values, int count, int inputArg, int gridX, int gridY, int blockX, int blockY) {
        this.kind = Kind.KERNEL;
        this.kernel = kernel;
        this.gridX = gridX;
        this.gridY = gridY;
        this.blockX = blockX;
        this.blockY = blockY;
        MemorySegment.copy(values, JAVA_LONG, 0, args, 0, count);
        this.argCount = count;
        this.inputArg = inputArg;
    }

    /** {@code C = op(A) op(B)} on row-major matrices, as {@link CudaDevice#gemm} with alpha 1 and beta 0. */
    void gemm(boolean float64, boolean transA, boolean transB, int m, int n, int k, long a, int aCols, long b, int bCols, long c) {
        plain(Kind.GEMM, 9);
        args[0] = (float64 ? 4 : 0) | (transA ? 2 : 0) | (transB ? 1 : 0);
        args[1] = m;
        args[2] = n;
        args[3] = k;
        args[4] = a;
        args[5] = aCols;
        args[6] = b;
        args[7] = bCols;
        args[8] = c;
    }

    void copy(long destination, long source, long bytes) {
        plain(Kind.COPY, 3);
        args[0] = destination;
        args[1] = source;
        args[2] = bytes;
    }

    private void plain(Kind kind, int argCount) {
        this.kind = kind;
        this.argCount = argCount;
        this.kernel = null;
        this.gridX = 0;
        this.gridY = 0;
        this.blockX = 0;
        this.blockY = 0;
        this.inputArg = -1;
    }

    /** Whether {@code other} is the same call: the same kernel, grid and arguments (offsets for the inputs). */
    boolean sameAs(RecordedCall other) {
        return kind == other.kind && kernel == other.kernel && gridX == other.gridX && gridY == other.gridY
                && blockX == other.blockX && blockY == other.blockY && inputArg == other.inputArg
                && Arrays.equals(args, 0, argCount, other.args, 0, other.argCount);
    }

    RecordedCall copy() {
        RecordedCall c = new RecordedCall();
        c.kind = kind;
        c.kernel = kernel;
        c.gridX = gridX;
        c.gridY = gridY;
        c.blockX = blockX;
        c.blockY = blockY;
        System.arraycopy(args, 0, c.args, 0, argCount);
        c.argCount = argCount;
        c.inputArg = inputArg;
        return c;
    }

    /** Queues the call on the device's stream (or into the capture in progress), its inputs at {@code inputs} on the device. */
    void issue(CudaDevice device, long inputs) {
        switch (kind) {
            case KERNEL -> kernel.args().replay(args, argCount, inputArg, inputs).launch(gridX, gridY, blockX, blockY);
            case GEMM -> {
                int flags = (int) args[0];
                device.gemm((flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0, (int) args[1], (int) args[2], (int) args[3], 1.0,
                        args[4], (int) args[5], args[6], (int) args[7], 0.0, args[8]);
            }
            case COPY -> device.copy(args[0], args[1], args[2]);
        }
    }
}
