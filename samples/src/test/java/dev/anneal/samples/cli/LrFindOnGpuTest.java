package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anneal.gpu.CudaEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal lr-find --device cuda} on the CUDA runtime's emulator (tag {@code emulator}): the test
 * runs on the GPU with the same ramp and, while the network has not yet blown up, the CPU's losses
 * within float32 tolerance.
 */
@Tag("emulator")
class LrFindOnGpuTest {

    /** step, lr, loss, smoothed loss of each row of lr-find.csv. */
    private static List<double[]> rows(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve("lr-find.csv")).stream().skip(1)
                .map(line -> java.util.Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
    }

    @Test
    void cudaFindsLikeTheCpu(@TempDir Path dir) throws IOException {
        assumeTrue(CudaEmulator.install(), "runs on the CUDA emulator only (-Danneal.gpu.emulator)");
        AnnealRun gpu = AnnealRun.of("lr-find", "--device", "cuda", "--steps", "60", "--max-lr", "0.1",
                "--out", dir.resolve("gpu").toString());
        AnnealRun cpu = AnnealRun.of("lr-find", "--device", "cpu", "--steps", "60", "--max-lr", "0.1",
                "--out", dir.resolve("cpu").toString());

        assertEquals(0, gpu.exitCode(), gpu.err());
        assertEquals(0, cpu.exitCode(), cpu.err());
        List<double[]> onGpu = rows(dir.resolve("gpu"));
        List<double[]> onCpu = rows(dir.resolve("cpu"));
        assertEquals(60, onGpu.size());
        assertEquals(60, onCpu.size());
        for (int s = 0; s < 60; s++) {
            assertEquals(onCpu.get(s)[1], onGpu.get(s)[1], "step " + s + " lr");
            double c = onCpu.get(s)[2];
            assertEquals(c, onGpu.get(s)[2], 2e-3 * Math.abs(c), "step " + s + " loss");
        }
    }
}
