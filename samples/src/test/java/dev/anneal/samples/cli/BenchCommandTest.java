package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void measuresEachBatchSizeOnTheDeviceAskedFor() {
        AnnealRun run = AnnealRun.of("bench", "--device", "cpu", "--batch", "16,32", "--rows", "64", "--seconds", "0");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.outLines();
        assertEquals(4, lines.size(), run.out());
        assertEquals("device: cpu: as asked", lines.get(0));
        assertEquals("model: mlp(inputs=784) dense(512, relu) dense(512, relu) dense(10, identity) loss=softmax_cross_entropy, "
                + "sgd(lr=0.01, momentum=0.9), 64 random rows", lines.get(1));
        String rate = " \\d+ steps/s \\(\\d+\\.\\d\\d ms/step, \\d+\\.\\d TFLOP/s in the matrix products\\)";
        assertTrue(lines.get(2).matches("cpu batch 16:" + rate), lines.get(2));
        assertTrue(lines.get(3).matches("cpu batch 32:" + rate), lines.get(3));
    }

    @Test
    void badNumbersAreUsageErrors() {
        AnnealRun batch = AnnealRun.of("bench", "--device", "cpu", "--batch", "256,0");
        AnnealRun seconds = AnnealRun.of("bench", "--device", "cpu", "--seconds", "NaN");

        assertEquals(2, batch.exitCode());
        assertEquals("--batch must be >= 1, got 0", batch.errLines().getFirst());
        assertEquals(2, seconds.exitCode());
        assertEquals("--seconds must be a finite number >= 0, got NaN", seconds.errLines().getFirst());
    }

    @Test
    void anUnknownDeviceIsNamed() {
        AnnealRun run = AnnealRun.of("bench", "--device", "tpu");

        assertEquals(2, run.exitCode());
        assertEquals(List.of("anneal bench: device \"tpu\": expected cpu, cuda, cuda:N (N = 0, 1, ...) or auto"), run.errLines());
    }
}
