package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The NVRTC binding compiles every kernel source to a CUBIN. Needs NVRTC but no GPU or driver; skipped
 * where NVRTC is not found (point ANNEAL_CUDA_LIBS at NVIDIA's nvidia/cu13/lib wheel folder to run it).
 */
class NvrtcCompileTest {
    private static Nvrtc nvrtc;

    @BeforeAll
    static void loadNvrtc() {
        try {
            nvrtc = new Nvrtc(NativeLibraries.load(CudaLibrary.NVRTC, new LibrarySearch(CudaEnvironment.current()), 0));
        } catch (CudaException e) {
            nvrtc = null;
        }
    }

    @ParameterizedTest
    @EnumSource(KernelSource.class)
    void everySourceCompilesToAnElfCubinForHopperAndAmpere(KernelSource source) {
        assumeTrue(nvrtc != null, "NVRTC not found");
        for (int arch : new int[] {90, 80}) {
            Nvrtc.Image image = nvrtc.compile(source.text(), source.fileName, KernelSource.headers(), arch);

            assertEquals("sm_" + arch, image.target());
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(image.bytes(), 4));
        }
    }

    @Test
    void compileErrorNamesTheSourceTheArchitectureAndTheCompilerLog() {
        assumeTrue(nvrtc != null, "NVRTC not found");

        CudaException e = assertThrows(CudaException.class, () -> nvrtc.compile(
                "extern \"C\" __global__ void broken(float* x) { x[0] = undeclared; }", "broken.cu", Map.of(), 90));

        assertTrue(e.getMessage().startsWith("NVRTC " + nvrtc.version() + " could not compile broken.cu with "
                + "--gpu-architecture=sm_90: NVRTC_ERROR_COMPILATION\n"), e.getMessage());
        assertTrue(e.getMessage().contains("identifier \"undeclared\" is undefined"), e.getMessage());
    }

    @Test
    void architectureUnknownToNvrtcFallsBackToPtxOfTheNewestOlderOne() {
        assumeTrue(nvrtc != null, "NVRTC not found");
        int unknown = 999;
        assumeTrue(!nvrtc.supportedArchitectures().contains(unknown));
        int newest = nvrtc.supportedArchitectures().stream().max(Integer::compare).orElseThrow();

        Nvrtc.Image image = nvrtc.compile(KernelSource.GATHER.text(), "gather.cu", KernelSource.headers(), unknown);

        assertEquals("compute_" + newest + " PTX", image.target());
        String ptx = new String(image.bytes(), 0, image.bytes().length - 1);
        assertTrue(ptx.contains(".entry gather_rows_f32("), ptx);
        assertEquals(0, image.bytes()[image.bytes().length - 1]);
    }
}
