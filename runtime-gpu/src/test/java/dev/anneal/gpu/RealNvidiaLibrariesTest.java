package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bindings against NVIDIA's real libraries, without a GPU: Debian's libcuda1 (550), cuBLAS 12.4
 * and NVRTC 12.4, fetched by nvidia-libs.sh. Each binding class (the driver's, its memory and graph
 * functions, cuBLAS, NVRTC) binds every function it calls by the exact name it uses (a missing one
 * throws naming it), so a typo or an outdated ABI name fails here, not on a user's GPU. And the real driver on a machine without a GPU: cuInit's own error reaches
 * the user.
 */
class RealNvidiaLibrariesTest {
    private Path folder;
    private LibrarySearch search;

    @BeforeEach
    void fetched() {
        folder = FetchedNvidiaLibraries.folder();
        Skips.unless(folder != null, "RealNvidiaLibrariesTest", FetchedNvidiaLibraries.absence());
        search = new LibrarySearch(FetchedNvidiaLibraries.only(folder));
    }

    @Test
    void everyDriverFunctionTheBindingsCallIsInTheRealLibcuda() {
        CudaDriver driver = CudaDriver.load(search);
        new CudaMemory(driver);
        new CudaGraphs(driver);

        assertEquals(folder.resolve("libcuda.so.1").toString(), driver.library.target());
    }

    @Test
    void everyCublasFunctionTheBindingsCallIsInTheRealCublas() {
        Cublas.Functions functions = Cublas.Functions.bind(NativeLibraries.load(CudaLibrary.CUBLAS, search, 0));

        assertEquals(folder.resolve("libcublas.so.12").toString(), functions.library().target());
        assertTrue(functions.statusName().isPresent(), "cublasGetStatusName, which error messages use");
        assertTrue(functions.version().isPresent(), "cublasGetVersion_v2, which the benchmark's libraries line uses");
    }

    @Test
    void everyNvrtcFunctionTheBindingsCallIsInTheRealNvrtc() {
        Nvrtc nvrtc = Nvrtc.load(search, 0);

        assertEquals("12.4", nvrtc.version());
        assertTrue(nvrtc.supportedArchitectures().containsAll(List.of(80, 90)), nvrtc.supportedArchitectures().toString());
    }

    @Test
    void cuInitsOwnErrorMakesAutoFallBackToTheCpuAndCudaFail() {
        CudaDriver driver = CudaDriver.load(search);
        CudaException init;
        try {
            driver.init();
            init = null;
        } catch (CudaException e) {
            init = e;
        }
        Skips.unless(init != null, "RealNvidiaLibrariesTest (cuInit failing)", "cuInit of the fetched driver succeeded: this machine has a GPU");
        assertTrue(init.getMessage().matches("cuInit failed: CUDA_ERROR_[A-Z_]+ \\(.+\\)"), init.getMessage());
        if (!Files.exists(Path.of("/dev/nvidiactl"))) {
            assertEquals("cuInit failed: CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)", init.getMessage());
        }
        CudaEnvironment environment = FetchedNvidiaLibraries.only(folder);

        assertEquals("auto: using the CPU; no usable GPU: " + init.getMessage(),
                DeviceSelection.select(Device.auto(), environment).reason());
        CudaException cuda = assertThrows(CudaException.class, () -> DeviceSelection.select(Device.cuda(0), environment));
        assertEquals("device cuda:0 is not usable: " + init.getMessage(), cuda.getMessage());
    }
}
