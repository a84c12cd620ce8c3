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
        CudaEmulator.backend(Precision.FLOAT32);
        CudaDevice device = OpenDevices.open(0, CudaEnvironment.current());
        CudaEmulator.Traffic before = CudaEmulator.traffic();

        GpuBenchmark.Result eager = GpuBenchmark.measure(CudaBackend.on(device, Precision.FLOAT32, false), 256, 300, 0.0);
        CudaEmulator.Traffic middle = CudaEmulator.traffic();
        GpuBenchmark.Result graphs = GpuBenchmark.measure(CudaBackend.on(device, Precision.FLOAT32, true), 256, 300, 0.0);

        CudaEmulator.Traffic usedEager = middle.minus(before);
        CudaEmulator.Traffic usedGraphs = CudaEmulator.traffic().minus(middle);
        assertEquals(2, eager.steps(), "one timed epoch of 300 rows at batch 256: a full batch and a short one");
        assertEquals(8 * 4, usedEager.gemms(), "4 steps in 2 epochs, 8 GEMMs each");
        assertEquals(4, usedGraphs.graphLaunches(), "4 steps in 2 epochs, a graph each");
        assertEquals(300, eager.rows(), "the timed epoch's rows: 256 + 44");
        assertEquals(6.0 * 300 * (784 * 512 + 512 * 512 + 512 * 10), eager.flop());
        assertTrue(eager.seconds() > 0, eager.toString());
        assertTrue(eager.toString().startsWith("cuda:0 eager batch 256: "), eager.toString());
        assertTrue(graphs.toString().startsWith("cuda:0 graphs batch 256: "), graphs.toString());
    }
}
