package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.anneal.runtime.backend.Precision;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tensors of up to 2^31 - 1 elements (all that {@code TensorShapes} allows, e.g. 46341 x 46340) on a
 * GPU the size of an H100 (132 multiprocessors): the launch arithmetic stays positive, and a
 * grid-stride loop visits each index once, where a 32-bit index would pass 2^31 - 1, wrap negative
 * and write below the array. The loop runs on the emulator with 132 multiprocessors; a real kernel over
 * such a tensor needs 8 GiB, twice the emulator's memory, so the losses' row loop and the column
 * sums' chunks, fixed alike, are not run at that size.
 */
class LargeTensorIndexTest {
    private static final int H100_MULTIPROCESSORS = 132;

    @Test
    void launchArithmeticStaysPositiveForTheLargestTensor() {
        int n = Integer.MAX_VALUE;

        assertEquals(8 * H100_MULTIPROCESSORS, Kernel.blocksOver(n, H100_MULTIPROCESSORS));
        assertEquals(ReductionScratch.LOSS_BLOCKS, LaunchShapes.mseBlocks(n));
        assertEquals(ReductionScratch.LOSS_BLOCKS, LaunchShapes.xentBlocks(n));
        assertEquals(64, LaunchShapes.columnChunks(n, 1));
        assertEquals(67_108_864, LaunchShapes.columnGroups(n));
    }

    @Test
    @Tag("emulator")
    void aGridStrideLoopVisitsEachOfTwoBillionIndicesOnceOnAnH100SizedGpu() {
        Skips.unless(System.getProperty(CudaEmulator.PROPERTY) != null, "LargeTensorIndexTest (emulator)",
                "runs on the CUDA emulator only (-D" + CudaEmulator.PROPERTY + ")");
        CudaEmulator.install();
        CudaEmulator.backend(Precision.FLOAT32);  // compiles the kernels once for every emulated GPU
        CudaEmulator.Instance h100 = CudaEmulator.fresh(true);
        h100.configure(H100_MULTIPROCESSORS);
        CudaDevice device = h100.open();
        // Per block: how many indices FOR_EACH gave inside [0, n), and how many outside (stopping at the first).
        Nvrtc.Image image = device.nvrtc.compile("""
                #include "common.cuh"
                extern "C" __global__ void visits(int n, double* counts) {
                    double inside = 0.0;
                    double outside = 0.0;
                    FOR_EACH(i, n) {
                        if (i < 0 || i >= n) {
                            outside = 1.0;
                            break;
                        }
                        inside += 1.0;
                    }
                    inside = block_sum(inside);
                    outside = block_sum(outside);
                    if (threadIdx.x == 0) {
                        counts[2 * blockIdx.x] = inside;
                        counts[2 * blockIdx.x + 1] = outside;
                    }
                }
                """, "visits.cu", KernelSource.headers(), device.architecture);
        MemorySegment bytes = Arena.global().allocate(image.bytes().length);
        bytes.copyFrom(MemorySegment.ofArray(image.bytes()));
        Kernel visits = new Kernel(device, device.driver.function(device.driver.loadModule(bytes), "visits"), "visits");
        int n = Integer.MAX_VALUE;
        int blocks = Kernel.blocksOver(n, device.multiprocessors);
        long counts = device.allocate(16L * blocks);

        visits.args().i32(n).pointer(counts).launchOver(n);

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(ValueLayout.JAVA_DOUBLE, 2L * blocks);
            device.download(host, counts, 16L * blocks);
            double[] c = host.toArray(ValueLayout.JAVA_DOUBLE);
            double inside = 0;
            double outside = 0;
            for (int b = 0; b < blocks; b++) {
                inside += c[2 * b];
                outside += c[2 * b + 1];
            }
            assertArrayEquals(new double[] {n, 0}, new double[] {inside, outside},
                    "indices visited inside [0, n) and threads that went outside, over " + blocks + " blocks");
        }
    }
}
