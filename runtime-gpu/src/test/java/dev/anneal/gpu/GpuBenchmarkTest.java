package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.backend.Precision;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The GPU benchmark's measurement on the CUDA emulator, at a size the emulator runs in seconds: it
 * trains the benchmark's network through the trainer, counts only the timed epochs' steps, and
 * reports them (its speed there means nothing). Runs only on the emulator (tag {@code emulator}).
 */
@Tag("emulator")
class GpuBenchmarkTest {

    @Test
    void measuresTheTimedEpochsOnly() {
        Skips.unless(System.getProperty(CudaEmulator.PROPERTY) != null, "GpuBenchmarkTest", "runs on the CUDA emulator only (-D" + CudaEmulator.PROPERTY + ")");
        CudaBackend gpu = CudaEmulator.backend(Precision.FLOAT32);
        CudaEmulator.Traffic before = CudaEmulator.traffic();

        GpuBenchmark.Result result = GpuBenchmark.measure(gpu, 256, 300, 0.0);

        CudaEmulator.Traffic used = CudaEmulator.traffic().minus(before);
        assertEquals(2, result.steps(), "one timed epoch of 300 rows at batch 256: a full batch and a short one");
        assertEquals(8 * 4, used.gemms(), "4 steps in 2 epochs, 8 GEMMs each");
        assertEquals(300, result.rows(), "the timed epoch's rows: 256 + 44");
        assertEquals(6.0 * 300 * (784 * 512 + 512 * 512 + 512 * 10), result.flop());
        assertTrue(result.seconds() > 0, result.toString());
        assertTrue(result.toString().startsWith("cuda:0 batch 256: "), result.toString());
    }
}
