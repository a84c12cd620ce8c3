package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The GPUs this process has opened, by driver library and ordinal: each opened once, checked with a
 * test kernel and a test GEMM, and dropped when a fault has broken its context.
 */
final class OpenDevices {
    private static final Map<String, CudaDevice> OPEN = new HashMap<>();

    private OpenDevices() {
    }

    /**
     * The device {@code ordinal}, opened, its kernels compiled, and checked with a test kernel and a
     * test GEMM (cached for the process, per driver library). A device whose context a fault has
     * broken is dropped from the cache and refused: CUDA cannot use it again in this process.
     *
     * @throws CudaException saying what is missing or failed: the driver, a device, cuBLAS, NVRTC, the test
     */
    static synchronized CudaDevice open(int ordinal, CudaEnvironment environment) {
        LibrarySearch search = new LibrarySearch(environment);
        CudaDriver driver = CudaDriver.load(search);
        String key = driver.library.target() + "#" + ordinal;
        CudaDevice device = OPEN.get(key);
        if (device != null) {
            try {
                device.idle();
                return device;
            } catch (CudaException e) {
                OPEN.remove(key);
                throw new CudaException("cuda:" + ordinal + " failed earlier in this process: " + e.getMessage(), e);
            }
        }
        driver.init();
        int count = driver.deviceCount();
        if (count == 0) {
            throw new CudaException("the NVIDIA driver found no CUDA device");
        }
        if (ordinal >= count) {
            throw new CudaException("cuda:" + ordinal + " asked for, but this machine has " + count
                    + " CUDA device" + (count == 1 ? "" : "s") + " (cuda:0 to cuda:" + (count - 1) + ")");
        }
        device = new CudaDevice(driver, ordinal, search);
        try {
            selfTest(device);
        } catch (RuntimeException e) {
            device.release(device.stream, device.cublas, e);
            throw e;
        }
        OPEN.put(key, device);
        return device;
    }

    /**
     * Compiles and loads every kernel source, then runs a gather kernel and a 2x2 GEMM and checks
     * their results: NVRTC, module loading, launches and cuBLAS all work.
     */
    private static void selfTest(CudaDevice device) {
        for (KernelSource source : KernelSource.values()) {
            device.module(source);
        }
        try (Arena arena = Arena.ofConfined()) {
            long rows = device.allocate(12);
            long order = device.allocate(12);
            long gathered = device.allocate(12);
            long a = device.allocate(16);
            long b = device.allocate(16);
            long product = device.allocate(16);
            device.upload(rows, arena.allocateFrom(JAVA_FLOAT, 10, 20, 30), 12);
            device.upload(order, arena.allocateFrom(JAVA_INT, 2, 0, 1), 12);
            device.kernel(KernelSource.GATHER, "gather_rows_f32").args()
                    .pointer(rows).pointer(order).i32(0).i32(3).i32(1).pointer(gathered).launchOver(3);
            device.upload(a, arena.allocateFrom(JAVA_FLOAT, 1, 2, 3, 4), 16);
            device.upload(b, arena.allocateFrom(JAVA_FLOAT, 5, 6, 7, 8), 16);
            device.gemm(false, false, false, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, product);
            MemorySegment host = arena.allocate(JAVA_FLOAT, 7);
            device.download(host, gathered, 12);
            device.download(host.asSlice(12), product, 16);
            for (long pointer : new long[] {rows, order, gathered, a, b, product}) {
                device.free(pointer);
            }
            float[] got = host.toArray(JAVA_FLOAT);
            float[] expected = {30, 10, 20, 19, 22, 43, 50};
            if (!Arrays.equals(got, expected)) {
                throw new CudaException("self-test on " + device.describe() + " gave " + Arrays.toString(got)
                        + ", expected " + Arrays.toString(expected) + " (a gather, then a 2x2 SGEMM)");
            }
        }
    }
}
