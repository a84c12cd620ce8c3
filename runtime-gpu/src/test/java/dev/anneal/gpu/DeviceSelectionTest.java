package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection on a machine without a usable GPU: the environments here hold no real driver. */
class DeviceSelectionTest {

    @TempDir
    Path tmp;

    /** An environment where nothing is found: no variables, no system folders, no dynamic-linker search. */
    private static CudaEnvironment nothing() {
        return new CudaEnvironment(Map.of(), null, null, List.of(), List.of(), false);
    }

    @Test
    void autoFallsBackToTheCpuSayingTheDriverIsMissing() {
        DeviceSelection selection = DeviceSelection.select(Device.auto(), nothing());

        assertEquals(Device.cpu(), selection.device());
        assertEquals("auto: using the CPU; no usable GPU: the NVIDIA driver not found (libcuda.so.1)", selection.reason());
    }

    @Test
    void cudaFailsAtOnceSayingWhatIsMissingAndWhereItLooked() {
        CudaException e = assertThrows(CudaException.class, () -> DeviceSelection.select(Device.cuda(0), nothing()));

        assertTrue(e.getMessage().startsWith("""
                device cuda:0 is not usable: the NVIDIA driver not found (libcuda.so.1)
                Searched:
                  -Danneal.cuda.libs: not set
                  ANNEAL_CUDA_LIBS: not set
                """), e.getMessage());
        assertTrue(e.getMessage().endsWith("Install the NVIDIA driver, or point -Danneal.cuda.libs or ANNEAL_CUDA_LIBS "
                + "at the folder holding libcuda.so.1."), e.getMessage());
    }

    @Test
    void libraryThatDoesNotLoadIsNamedWithItsPath() throws IOException {
        Path fake = Files.writeString(tmp.resolve("libcuda.so.1"), "not a shared library");
        CudaEnvironment environment = new CudaEnvironment(Map.of("ANNEAL_CUDA_LIBS", tmp.toString()), null, null,
                List.of(), List.of(), false);

        DeviceSelection selection = DeviceSelection.select(Device.auto(), environment);

        assertEquals(Device.cpu(), selection.device());
        assertEquals("auto: using the CPU; no usable GPU: the NVIDIA driver not usable: " + fake
                + " exists but did not load (not a shared library: it does not start with an ELF header)", selection.reason());
    }

    @Test
    void cpuIsAlwaysSelectable() {
        DeviceSelection selection = DeviceSelection.select(Device.cpu(), nothing());

        assertEquals(Device.cpu(), selection.device());
        assertEquals("cpu: as asked", selection.reason());
    }

    @Test
    void selectionNeverNamesAuto() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceSelection(Device.auto(), "why"));

        assertEquals("a selection names cpu or cuda:N, got auto", e.getMessage());
    }
}
