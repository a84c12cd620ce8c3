package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device selection against a stand-in libcuda.so.1 (fake_libcuda.c, compiled with the C compiler
 * when one is on the PATH): the bindings link every driver function, read CUDA's error names, and
 * stop with a clear message at the first thing missing.
 */
class FakeDriverTest {

    @TempDir
    Path tmp;

    /** A folder holding the fake driver built in {@code mode}, as libcuda.so.1. */
    private Path fakeDriver(int mode) throws IOException, InterruptedException {
        Path cc = KernelSourcesCompileTest.onPath("cc");
        Skips.unlessOutsideCi(cc != null, "FakeDriverTest", "no C compiler (cc) on the PATH to build the fake libcuda.so.1 with");
        Path source = tmp.resolve("fake_libcuda.c");
        try (InputStream in = FakeDriverTest.class.getResourceAsStream("fake_libcuda.c")) {
            Files.copy(in, source);
        }
        Path folder = Files.createDirectories(tmp.resolve("mode" + mode));
        Process process = new ProcessBuilder(cc.toString(), "-shared", "-fPIC", "-DMODE=" + mode, "-o",
                folder.resolve("libcuda.so.1").toString(), source.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        return folder;
    }

    private static CudaEnvironment only(Path folder) {
        return new CudaEnvironment(Map.of("ANNEAL_CUDA_LIBS", folder.toString()), null, null, List.of(), List.of(), false);
    }

    @Test
    void driverWithoutADeviceFailsCudaWithCudasOwnErrorName() throws Exception {
        CudaEnvironment environment = only(fakeDriver(1));

        CudaException e = assertThrows(CudaException.class, () -> DeviceSelection.select(Device.cuda(0), environment));

        assertEquals("device cuda:0 is not usable: cuInit failed: CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)",
                e.getMessage());
        assertEquals("auto: using the CPU; no usable GPU: cuInit failed: CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)",
                DeviceSelection.select(Device.auto(), environment).reason());
    }

    @Test
    void askingForADeviceBeyondTheCountNamesTheDevicesThere() throws Exception {
        CudaEnvironment environment = only(fakeDriver(2));

        CudaException e = assertThrows(CudaException.class, () -> DeviceSelection.select(Device.cuda(3), environment));

        assertEquals("device cuda:3 is not usable: cuda:3 asked for, but this machine has 1 CUDA device (cuda:0 to cuda:0)",
                e.getMessage());
    }

    @Test
    void deviceWithoutCublasFailsNamingCublasAndSkippingLibrariesTooNewForTheDriver() throws Exception {
        Path folder = fakeDriver(2);
        Path tooNew = Files.writeString(folder.resolve("libcublas.so.13"), "not loaded: the driver is for CUDA 12");

        CudaException e = assertThrows(CudaException.class, () -> DeviceSelection.select(Device.cuda(0), only(folder)));

        assertTrue(e.getMessage().startsWith("device cuda:0 is not usable: cuBLAS not usable: " + tooNew
                + " needs CUDA 13 but the driver supports CUDA 12 at most\ncuBLAS not found (libcublas.so.13, libcublas.so.12 or "
                + "libcublas.so.11)\nSearched:\n"), e.getMessage());
    }

    @Test
    void driverMissingAFunctionIsNamedAsTooOld() throws Exception {
        Path folder = fakeDriver(3);

        CudaException e = assertThrows(CudaException.class, () -> DeviceSelection.select(Device.cuda(0), only(folder)));

        assertEquals("device cuda:0 is not usable: " + folder.resolve("libcuda.so.1") + " has no function cuLaunchKernel: "
                + "this NVIDIA driver is too old for Anneal", e.getMessage());
    }
}
