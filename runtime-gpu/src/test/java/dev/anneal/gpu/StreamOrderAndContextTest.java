package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a binding review of the runtime against CUDA's headers asked for, each on the CUDA emulator
 * where it is stricter than a kind GPU would be: contexts on virtual threads, host buffers of
 * asynchronous uploads, stream-ordered frees, the mean squared error over many blocks, a destroy
 * error that does not hide the compile error, fused multiply-adds, and blocks in no fixed order.
 * Runs only on the emulator (tag {@code emulator}).
 */
@Tag("emulator")
class StreamOrderAndContextTest {
    private static final int EPOCHS = 5;
    private static CudaBackend f32;
    private static CudaBackend f64;
    private static CudaDevice device;

    @BeforeAll
    static void openEmulator() {
        Skips.unless(System.getProperty(CudaEmulator.PROPERTY) != null, "StreamOrderAndContextTest",
                "runs on the CUDA emulator only (-D" + CudaEmulator.PROPERTY + ")");
        f32 = CudaEmulator.backend(Precision.FLOAT32);
        f64 = CudaEmulator.backend(Precision.FLOAT64);
        device = OpenDevices.open(0, CudaEnvironment.current());
    }

    private static List<double[]> train(Scenario scenario, Backend backend, boolean dropContext) {
        Trainer.Builder builder = Trainer.builder(scenario.mlp).optimizer(scenario.optimizer).batchSize(scenario.batchSize)
                .epochs(EPOCHS).seed(7).backend(backend);
        if (scenario.schedule != null) {
            builder.schedule(scenario.schedule);
        }
        if (dropContext) {
            builder.listener((epoch, trainer) -> CudaEmulator.dropContext());
        }
        return CpuReference.rows(builder.build().fit(scenario.data()));
    }

    @Test
    void trainingsOnVirtualThreadsThatMoveBetweenOsThreadsGetThePlatformThreadsResults() throws Exception {
        List<Scenario> scenarios = List.of(Scenario.SGD_NESTEROV, Scenario.ADAM_MSE);
        List<List<double[]>> alone = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            alone.add(train(scenario, f32, false));
        }

        // After every epoch the training's OS thread loses the context, as a virtual thread sees it
        // after going on on another carrier: a per-Java-thread "already current" flag would then lie.
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<double[]>>> together = new ArrayList<>();
            for (Scenario scenario : scenarios) {
                together.add(threads.submit(() -> train(scenario, f32, true)));
            }
            for (int s = 0; s < scenarios.size(); s++) {
                List<double[]> got = together.get(s).get();
                for (int e = 0; e < EPOCHS; e++) {
                    assertArrayEquals(alone.get(s).get(e), got.get(e), scenarios.get(s) + " epoch " + (e + 1));
                }
            }
        }
    }

    @Test
    void uploadedValuesArriveThoughTheHostBufferIsFreedAtOnce() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] values = IntStream.range(0, 64 * 16).mapToDouble(i -> (float) (1 + rng.nextDouble())).toArray();

        Tensor t = f32.upload(values, 64, 16);
        double[] back = new double[values.length];
        f32.download(t, back);

        assertArrayEquals(values, back);
    }

    @Test
    void aFreeIsOrderedOnTheStreamAndWaitsForNothing() {
        CudaEmulator.Traffic before = CudaEmulator.traffic();

        device.free(device.allocate(4096));

        CudaEmulator.Traffic spent = CudaEmulator.traffic().minus(before);
        assertEquals(1, spent.allocations(), spent.toString());
        assertEquals(1, spent.frees(), spent + ": cuMemFreeAsync");
        assertEquals(0, spent.waits(), spent + ": no wait for the device (cuMemFree_v2 waits)");
    }

    @Test
    void theMemoryPoolKeepsWhatItReservedWhenTheStreamSynchronises() {
        long bytes = 64L << 20;
        device.free(device.allocate(bytes));
        device.synchronize();
        CudaEmulator.Traffic before = CudaEmulator.traffic();

        device.free(device.allocate(bytes));

        CudaEmulator.Traffic spent = CudaEmulator.traffic().minus(before);
        assertEquals(1, spent.allocations(), spent.toString());
        assertEquals(0, spent.poolGrowths(), spent + ": the pool gave its memory back at the synchronisation, and went to "
                + "the driver again (CU_MEMPOOL_ATTR_RELEASE_THRESHOLD is 0 unless set)");
    }

    @Test
    void meanSquaredErrorSpreadsOverBlocksAndAddsExactly() {
        int rows = 300;
        int cols = 700;
        SplittableRandom rng = new SplittableRandom(9);
        double[] output = rng.doubles(rows * cols, -1, 1).toArray();
        double[] target = rng.doubles(rows * cols, -1, 1).toArray();
        Tensor stats = f64.zeros(1, 2);
        Tensor to = f64.upload(output, rows, cols);
        Tensor tt = f64.upload(target, rows, cols);
        device.synchronize();
        CudaEmulator.Traffic before = CudaEmulator.traffic();

        f64.meanSquaredError(to, tt, null, stats, 0);
        double[] got = new double[2];
        f64.download(stats, got);

        CudaEmulator.Traffic spent = CudaEmulator.traffic().minus(before);
        assertEquals(1, spent.launches());
        assertEquals(LaunchShapes.mseBlocks(rows * cols), spent.blocks(), "blocks of one launch");
        assertTrue(spent.blocks() > 100, spent.toString());
        double sum = 0;
        for (int i = 0; i < output.length; i++) {
            sum += (output[i] - target[i]) * (output[i] - target[i]);
        }
        assertEquals(sum / output.length, got[0], 1e-12 * sum / output.length);
        assertEquals(0.0, got[1]);
    }

    @Test
    void anErrorDestroyingTheProgramStaysAttachedToTheCompileError() {
        // The emulator's NVRTC fails nvrtcDestroyProgram for a program of this name.
        CudaException e = assertThrows(CudaException.class, () -> device.nvrtc.compile(
                "extern \"C\" __global__ void broken(float* x) { x[0] = undeclared; }", "destroy-fails.cu", Map.of(), 90));

        assertTrue(e.getMessage().startsWith("NVRTC 12.4 could not compile destroy-fails.cu with --gpu-architecture=sm_90: "
                + "NVRTC_ERROR_COMPILATION\n"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("nvrtcDestroyProgram(destroy-fails.cu) failed: NVRTC_ERROR_INVALID_PROGRAM", e.getSuppressed()[0].getMessage());
    }

    @Test
    void kernelsFuseMultiplyAddsAsNvrtcDoesByDefault() throws IOException {
        Skips.unless(Files.readString(Path.of("/proc/cpuinfo")).contains(" fma"), "StreamOrderAndContextTest (fused multiply-adds)",
                "this CPU has no FMA instructions, so the emulator's kernels cannot fuse");
        SplittableRandom rng = new SplittableRandom(3);
        double lr = 0.1 + rng.nextDouble();
        double[] p = rng.doubles(256, -1, 1).toArray();
        double[] g = rng.doubles(256, -1, 1).toArray();
        double[] fused = new double[p.length];
        int differ = 0;
        for (int i = 0; i < p.length; i++) {
            fused[i] = Math.fma(-lr, g[i], p[i]);
            differ += fused[i] != p[i] - lr * g[i] ? 1 : 0;
        }
        assertTrue(differ > 10, "values where fusing shows: " + differ);
        Tensor param = f64.upload(p, 16, 16);

        f64.sgd(param, f64.upload(g, 16, 16), null, lr, 0.0, 0.0, 0.0, false, true);

        double[] got = new double[p.length];
        f64.download(param, got);
        assertArrayEquals(fused, got, "p - lr * g rounded once, as an FMA");
    }

    @Test
    void theBlocksOfALaunchRunInNoFixedOrder() {
        String source = """
                extern "C" __global__ void arrivals(unsigned int* counter, unsigned int* order) {
                    if (threadIdx.x == 0) {
                        order[blockIdx.x] = atomicAdd(counter, 1u);
                    }
                }
                """;
        Nvrtc.Image image = device.nvrtc.compile(source, "arrivals.cu", KernelSource.headers(), device.architecture);
        MemorySegment bytes = Arena.global().allocate(image.bytes().length);
        bytes.copyFrom(MemorySegment.ofArray(image.bytes()));
        Kernel arrivals = new Kernel(device, device.driver.function(device.driver.loadModule(bytes), "arrivals"), "arrivals");
        long counter = device.allocate(4);
        long order = device.allocate(4 * 64);
        device.zero(counter, 1);

        arrivals.args().pointer(counter).pointer(order).launch(64, 1, 32, 1);

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_INT, 64);
            device.download(host, order, 4 * 64);
            int[] got = host.toArray(JAVA_INT);
            assertArrayEquals(IntStream.range(0, 64).toArray(), IntStream.of(got).sorted().toArray(), "each block once");
            assertNotEquals(List.of(IntStream.range(0, 64).boxed().toArray()), List.of(IntStream.of(got).boxed().toArray()),
                    "blocks ran in launch order");
        }
        device.free(counter);
        device.free(order);
    }
}
