package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic and checks, without a device. */
class GpuBenchmarkResultTest {

    @Test
    void flopCountTheRowsTrainedOnNotTheBatchSize() {
        GpuBenchmark.Result r = new GpuBenchmark.Result("cpu", 4096, 10, 5120, 0.01);

        assertEquals(6.0 * 5120 * (784 * 512 + 512 * 512 + 512 * 10), r.flop());
        assertEquals("cpu batch 4096: 1000 steps/s (1.00 ms/step, 2.1 TFLOP/s in the matrix products)", r.toString());
    }

    @Test
    void fewerRowsThanTheBatchAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GpuBenchmark.measure(null, 4096, 512, 1.0));

        assertEquals("benchmark needs batch size >= 1, rows >= batch size and seconds >= 0, got batch 4096, rows 512, "
                + "seconds 1.0", e.getMessage());
    }
}
