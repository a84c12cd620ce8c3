package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anneal.gpu.CudaEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal train --device cuda} on the CUDA runtime's emulator (tag {@code emulator}; Maven's
 * {@code gpu-emulated} execution): the run says which GPU it uses, trains like the CPU within the
 * gap measured on the emulator (with a margin), and a GPU failure is one line, with no output folder left behind.
 */
@Tag("emulator")
class TrainOnGpuTest {
    // The largest relative gap measured on the emulator between the CPU's and the GPU's losses of this
    // run: 8.5e-9 in epoch 1, 8.7e-8 in epochs 2 to 4 (accuracy identical); the bounds are about 10 times that.
    private static final double FIRST_EPOCH_TOLERANCE = 1e-7;
    private static final double LOSS_TOLERANCE = 1e-6;

    @BeforeAll
    static void useTheEmulator() {
        assumeTrue(CudaEmulator.install(), "runs on the CUDA emulator only (-Danneal.gpu.emulator)");
    }

    /** train loss, validation loss, validation accuracy and lr of each epoch in history.csv. */
    private static List<double[]> history(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve("history.csv")).stream().skip(1).map(line -> {
            String[] cells = line.split(",");
            return new double[] {Double.parseDouble(cells[2]), Double.parseDouble(cells[3]), Double.parseDouble(cells[4]),
                    Double.parseDouble(cells[5])};
        }).toList();
    }

    @Test
    void cudaTrainsLikeTheCpu(@TempDir Path dir) throws IOException {
        AnnealRun gpu = AnnealRun.of("train", "--device", "cuda", "--epochs", "4", "--out", dir.resolve("gpu").toString());
        AnnealRun cpu = AnnealRun.of("train", "--device", "cpu", "--epochs", "4", "--out", dir.resolve("cpu").toString());

        assertEquals(0, gpu.exitCode(), gpu.err());
        assertEquals(0, cpu.exitCode(), cpu.err());
        assertTrue(gpu.outLines().contains("device: cuda:0: using cuda:0 (Anneal CUDA emulator, sm_90, 2 multiprocessors, "
                + "driver for CUDA 12.4)"), gpu.out());
        List<double[]> onGpu = history(dir.resolve("gpu"));
        List<double[]> onCpu = history(dir.resolve("cpu"));
        assertEquals(4, onGpu.size());
        assertEquals(4, onCpu.size());
        for (int e = 0; e < 4; e++) {
            for (int i = 0; i < 2; i++) {
                double c = onCpu.get(e)[i];
                double tolerance = e == 0 ? FIRST_EPOCH_TOLERANCE : LOSS_TOLERANCE;
                assertEquals(c, onGpu.get(e)[i], tolerance * Math.abs(c), "epoch " + (e + 1) + (i == 0 ? " train" : " validation") + " loss");
            }
            assertEquals(onCpu.get(e)[2], onGpu.get(e)[2], 1.0 / 200, "epoch " + (e + 1) + " validation accuracy");
            assertEquals(onCpu.get(e)[3], onGpu.get(e)[3], "epoch " + (e + 1) + " lr");
        }
    }

    @Test
    void cudaGraphsOnAndOffTrainTheSameNumbers(@TempDir Path dir) throws IOException {
        AnnealRun on = AnnealRun.of("train", "--device", "cuda", "--epochs", "3", "--out", dir.resolve("on").toString());
        AnnealRun off = AnnealRun.of("train", "--device", "cuda", "--cuda-graphs", "off", "--epochs", "3",
                "--out", dir.resolve("off").toString());

        assertEquals(0, on.exitCode(), on.err());
        assertEquals(0, off.exitCode(), off.err());
        List<double[]> graphs = history(dir.resolve("on"));
        List<double[]> eager = history(dir.resolve("off"));
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(eager.get(e), graphs.get(e), "epoch " + (e + 1) + ": losses, accuracy and lr, to the bit");
        }
    }

    @Test
    void aGpuFailureIsOneLineAndLeavesNoOutputFolder(@TempDir Path dir) {
        Path out = dir.resolve("run");

        AnnealRun run = AnnealRun.of("train", "--device", "cuda", "--hidden", "40000,40000", "--epochs", "3", "--out", out.toString());

        assertEquals(1, run.exitCode(), run.err());
        assertEquals(List.of("anneal train: the GPU failed: cannot allocate a 40000 x 40000 FLOAT32 tensor (6400000000 bytes) "
                + "on cuda:0 (Anneal CUDA emulator, sm_90, 2 multiprocessors, driver for CUDA 12.4): cuMemAllocAsync(6400000000 bytes) "
                + "failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory); nothing was saved"),
                run.errLines());
        assertFalse(Files.exists(out), "output folder left behind");
    }
}
