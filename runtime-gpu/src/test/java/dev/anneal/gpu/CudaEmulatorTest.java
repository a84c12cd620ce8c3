package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.backend.Precision;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CUDA emulator behaves like a GPU where that decides whether a test can fail: barriers and
 * warp shuffles across blocks give exact results, a missing barrier gives wrong numbers, fresh memory
 * holds garbage (NaN), and its 4 GiB run out ({@link DeviceFaultTest} has the faults, each on a GPU
 * of its own). Runs only on the emulator (tag {@code emulator}).
 */
@Tag("emulator")
class CudaEmulatorTest {
    private static final String SUMS = """
            #include "common.cuh"
            // Per block: the sum of x over the block's grid-stride share (block_sum: barriers and shuffles).
            extern "C" __global__ void sums(const double* x, int n, double* out) {
                double value = 0.0;
                FOR_EACH(i, n) { value += x[i]; }
                value = block_sum(value);
                if (threadIdx.x == 0) {
                    out[blockIdx.x] = value;
                }
            }
            // Each block reverses its 256 values through shared memory, with or without the barrier.
            extern "C" __global__ void reverse(const double* x, double* out, int barrier) {
                __shared__ double staged[256];
                int t = threadIdx.x;
                staged[t] = x[blockIdx.x * 256 + t];
                if (barrier) {
                    __syncthreads();
                }
                out[blockIdx.x * 256 + t] = staged[255 - t];
            }
            """;
    private static CudaDevice device;
    private static MemorySegment module;

    @BeforeAll
    static void openEmulator() {
        Skips.unless(System.getProperty(CudaEmulator.PROPERTY) != null, "CudaEmulatorTest", "runs on the CUDA emulator only (-D" + CudaEmulator.PROPERTY + ")");
        CudaEmulator.backend(Precision.FLOAT64);
        device = OpenDevices.open(0, CudaEnvironment.current());
        Nvrtc.Image image = device.nvrtc.compile(SUMS, "emulator_test.cu", KernelSource.headers(), device.architecture);
        MemorySegment bytes = Arena.global().allocate(image.bytes().length);
        bytes.copyFrom(MemorySegment.ofArray(image.bytes()));
        module = device.driver.loadModule(bytes);
    }

    private static Kernel kernel(String name) {
        return new Kernel(device, device.driver.function(module, name), name);
    }

    private static long upload(Arena arena, double[] values) {
        long pointer = device.allocate(8L * values.length);
        device.upload(pointer, arena.allocateFrom(JAVA_DOUBLE, values), 8L * values.length);
        return pointer;
    }

    private static double[] download(Arena arena, long pointer, int count) {
        MemorySegment host = arena.allocate(JAVA_DOUBLE, count);
        device.download(host, pointer, 8L * count);
        return host.toArray(JAVA_DOUBLE);
    }

    @Test
    void autoPicksTheGpuWhenItsLibrariesWorkAndSaysWhich() {
        DeviceSelection selection = DeviceSelection.select(Device.auto(), CudaEnvironment.current());

        assertEquals(Device.cuda(0), selection.device());
        assertEquals("auto: using cuda:0 (Anneal CUDA emulator, sm_90, 2 multiprocessors, driver for CUDA 12.4)", selection.reason());
        assertEquals("cuda:0", selection.backend(Precision.FLOAT32).name());
    }

    @Test
    void barriersAndShufflesGiveExactSumsInEveryBlock() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 10_000;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i;
            }
            long input = upload(arena, x);
            long out = device.allocate(8 * 3);

            kernel("sums").args().pointer(input).i32(n).pointer(out).launch(3, 1, 256, 1);

            // Block b sums the i with (i / 256) % 3 == b.
            double[] expected = new double[3];
            for (int i = 0; i < n; i++) {
                expected[i / 256 % 3] += i;
            }
            assertArrayEquals(expected, download(arena, out, 3));
        }
    }

    @Test
    void aMissingBarrierGivesWrongNumbersAsOnAGpu() {
        try (Arena arena = Arena.ofConfined()) {
            int blocks = 8;
            double[] x = new double[blocks * 256];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            long input = upload(arena, x);
            long out = device.allocate(8L * x.length);

            kernel("reverse").args().pointer(input).pointer(out).i32(1).launch(blocks, 1, 256, 1);
            double[] synced = download(arena, out, x.length);
            kernel("reverse").args().pointer(input).pointer(out).i32(0).launch(blocks, 1, 256, 1);
            double[] racy = download(arena, out, x.length);

            int wrong = 0;
            for (int i = 0; i < x.length; i++) {
                double reversed = x[i / 256 * 256 + 255 - i % 256];
                assertEquals(reversed, synced[i], "with the barrier, element " + i);
                wrong += racy[i] != reversed ? 1 : 0;
            }
            assertTrue(wrong > x.length / 10, "without the barrier only " + wrong + " of " + x.length + " elements were wrong");
        }
    }

    @Test
    void freshDeviceMemoryHoldsGarbageNotZeros() {
        try (Arena arena = Arena.ofConfined()) {
            long pointer = device.allocate(4 * 16);
            MemorySegment host = arena.allocate(JAVA_FLOAT, 16);

            device.download(host, pointer, 4 * 16);

            for (float value : host.toArray(JAVA_FLOAT)) {
                assertTrue(Float.isNaN(value), "fresh device memory read " + value);
            }
        }
    }

    @Test
    void aTensorLargerThanTheGpusMemoryFailsNamingItsShape() {
        CudaBackend gpu = CudaEmulator.backend(Precision.FLOAT32);

        CudaException e = assertThrows(CudaException.class, () -> gpu.zeros(40_000, 30_000));

        assertEquals("cannot allocate a 40000 x 30000 FLOAT32 tensor (4800000000 bytes) on cuda:0 (Anneal CUDA emulator, "
                + "sm_90, 2 multiprocessors, driver for CUDA 12.4): cuMemAllocAsync(4800000000 bytes) failed: "
                + "CUDA_ERROR_OUT_OF_MEMORY (out of memory)", e.getMessage());
    }
}
