package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a GPU does when a kernel fails, and what the runtime makes of it, each test on an emulated GPU
 * of its own ({@link CudaEmulator#fresh}: a fault breaks a GPU for the rest of the process). The
 * launch succeeds; the fault surfaces at the next call that waits for the GPU and sticks to the
 * context; a GPU broken so is refused by {@code cuda} and skipped by {@code auto}; with
 * ANNEAL_CUDA_SYNC=1 the error names the kernel and the training step; a GPU that fails to open gives
 * back what it made. Runs only on the emulator (tag {@code emulator}).
 */
@Tag("emulator")
class DeviceFaultTest {
    private static final int ILLEGAL_ADDRESS = 700;

    @BeforeAll
    static void useTheEmulator() {
        Skips.unless(System.getProperty(CudaEmulator.PROPERTY) != null, "DeviceFaultTest",
                "runs on the CUDA emulator only (-D" + CudaEmulator.PROPERTY + ")");
        CudaEmulator.install();
        CudaEmulator.backend(Precision.FLOAT64);  // compiles the kernels once for every emulated GPU
    }

    private static double[] download(CudaBackend gpu, Tensor t) {
        double[] values = new double[t.size()];
        gpu.download(t, values);
        return values;
    }

    @Test
    void aKernelFaultSurfacesAtTheNextWaitAndTheGpuIsNotUsedAgain() {
        CudaEmulator.Instance emulator = CudaEmulator.fresh(true);
        CudaBackend gpu = CudaBackend.on(emulator.open(), Precision.FLOAT64);
        Tensor x = gpu.upload(new double[] {-1, 2}, 1, 2);
        emulator.fault("relu_f64", ILLEGAL_ADDRESS);

        gpu.activate(Activation.RELU, x, x);  // queued: a GPU reports nothing at the launch
        CudaException atWait = assertThrows(CudaException.class, () -> download(gpu, x));

        assertEquals("cuMemcpyDtoHAsync_v2 failed: CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access was encountered "
                + "(emulator: kernel relu_f64: a fault injected by the test (anneal_emu_fault)))" + CudaDriver.STICKY_NOTE,
                atWait.getMessage());
        CudaException later = assertThrows(CudaException.class, () -> gpu.zeros(1, 1));
        assertTrue(later.getMessage().contains("CUDA_ERROR_ILLEGAL_ADDRESS"), "the error sticks: " + later.getMessage());
        String sticky = "cuStreamQuery failed: CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access was encountered "
                + "(emulator: kernel relu_f64: a fault injected by the test (anneal_emu_fault)))" + CudaDriver.STICKY_NOTE;
        assertEquals("auto: using the CPU; no usable GPU: cuda:0 failed earlier in this process: " + sticky,
                DeviceSelection.select(Device.auto(), emulator.environment()).reason());
        CudaException cuda = assertThrows(CudaException.class, () -> DeviceSelection.select(Device.cuda(0), emulator.environment()));
        assertTrue(cuda.getMessage().startsWith("device cuda:0 is not usable: cuStreamCreate failed: CUDA_ERROR_ILLEGAL_ADDRESS"),
                cuda.getMessage());
    }

    @Test
    void withAnnealCudaSyncTheErrorNamesTheKernelAndTheTrainingStep() {
        CudaEmulator.Instance emulator = CudaEmulator.fresh(true);
        CudaDevice device;
        System.setProperty("anneal.cuda.sync", "true");
        try {
            device = emulator.open();
        } finally {
            System.clearProperty("anneal.cuda.sync");
        }
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[100][4];
        int[] labels = new int[100];
        for (int r = 0; r < x.length; r++) {
            for (int f = 0; f < 4; f++) {
                x[r][f] = rng.nextGaussian();
            }
            labels[r] = r % 2;
        }
        // 4 steps per epoch: the fault hits the first SGD update of epoch 2, step 4.
        Trainer trainer = Trainer.builder(Mlp.input(4).dense(8, Activation.RELU).dense(2)).optimizer(Optimizer.sgd(0.1))
                .batchSize(25).epochs(3).seed(1).backend(CudaBackend.on(device, Precision.FLOAT32))
                .listener((epoch, t) -> emulator.fault("sgd_f32", ILLEGAL_ADDRESS)).build();

        CudaException e = assertThrows(CudaException.class, () -> trainer.fit(Dataset.classification(x, labels), null));

        assertEquals("kernel sgd_f32 failed at training step 4 (ANNEAL_CUDA_SYNC=1 waited for it): cuStreamSynchronize failed: "
                + "CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access was encountered (emulator: kernel sgd_f32: a fault "
                + "injected by the test (anneal_emu_fault)))" + CudaDriver.STICKY_NOTE, e.getMessage());
    }

    @Test
    void aShuffleInAPartialWarpFailsAtTheNextWaitNamingTheWarp() {
        CudaEmulator.Instance emulator = CudaEmulator.fresh(true);
        CudaDevice device = emulator.open();
        Nvrtc.Image image = device.nvrtc.compile("""
                #include "common.cuh"
                extern "C" __global__ void sums(double* out) {
                    double value = warp_sum(1.0);
                    if (threadIdx.x == 0) {
                        out[0] = value;
                    }
                }
                """, "partial_warp.cu", KernelSource.headers(), device.architecture);
        MemorySegment bytes = Arena.global().allocate(image.bytes().length);
        bytes.copyFrom(MemorySegment.ofArray(image.bytes()));
        Kernel sums = new Kernel(device, device.driver.function(device.driver.loadModule(bytes), "sums"), "sums");
        long out = device.allocate(8);

        sums.args().pointer(out).launch(1, 1, 48, 1);
        CudaException e = assertThrows(CudaException.class, device::synchronize);

        assertEquals("cuStreamSynchronize failed: CUDA_ERROR_LAUNCH_FAILED (unspecified launch failure (emulator: kernel sums, "
                + "block (0, 0, 0), warp 1: 16 of its 16 threads wait at a warp shuffle, the others do not exist (the block is "
                + "not a whole number of warps)))" + CudaDriver.STICKY_NOTE, e.getMessage());
    }

    @Test
    void aGemmWithAnOperandPastItsAllocationIsAnIllegalAddressWhenItRuns() {
        CudaDevice device = CudaEmulator.fresh(true).open();
        long a = device.allocate(4 * 8);
        long b = device.allocate(4 * 16);
        long c = device.allocate(4 * 16);

        device.gemm(false, false, false, 4, 4, 4, 1.0, a, 4, b, 4, 0.0, c);
        CudaException e = assertThrows(CudaException.class, device::synchronize);

        assertEquals("cuStreamSynchronize failed: CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access was encountered (emulator: "
                + "a GEMM (m=4, n=4, k=4) reads or writes past an operand's allocation))" + CudaDriver.STICKY_NOTE, e.getMessage());
    }

    @Test
    void aNanLabelCountsAsNoClassWithoutAConversionAGpuAndX86DoDifferently() {
        // The emulator fails a kernel that converts NaN to int (undefined in C++: 0 on a GPU, INT_MIN on x86).
        CudaBackend gpu = CudaBackend.on(CudaEmulator.fresh(true).open(), Precision.FLOAT64);
        Tensor logits = gpu.upload(new double[] {2, 0, 0, 2, 0, 2}, 3, 2);
        Tensor labels = gpu.upload(new double[] {0, Double.NaN, 1}, 3, 1);
        Tensor grad = gpu.zeros(3, 2);
        Tensor stats = gpu.zeros(1, 2);

        gpu.softmaxCrossEntropy(logits, labels, grad, stats, 0);

        double[] s = download(gpu, stats);
        assertTrue(Double.isNaN(s[0]), "the mean loss with an invalid label: " + s[0]);
        assertEquals(2.0, s[1], "hits: the two rows with labels");
        double p = Math.exp(2) / (Math.exp(2) + 1);
        double[] g = download(gpu, grad);
        assertArrayEquals(new double[] {(p - 1) / 3, (1 - p) / 3}, new double[] {g[0], g[1]}, 1e-15, "row 0, label 0");
        assertArrayEquals(new double[] {(1 - p) / 3, p / 3}, new double[] {g[2], g[3]}, 1e-15, "row 1, no label: softmax only");
    }

    @Test
    void aGpuThatFailsToOpenGivesBackItsContextAndStream() {
        // Without cuBLAS the set-up fails after the primary context and the stream are made.
        CudaEmulator.Instance emulator = CudaEmulator.fresh(false);

        DeviceSelection selection = DeviceSelection.select(Device.auto(), emulator.environment());

        assertTrue(selection.reason().startsWith("auto: using the CPU; no usable GPU: cuBLAS not found"), selection.reason());
        assertArrayEquals(new long[] {0, 0, 0, 0}, emulator.live(), "context retains, streams, cuBLAS handles, allocations");
    }

    @Test
    void aGpuThatFailsItsSelfTestGivesBackItsContextStreamAndCublasHandle() {
        CudaEmulator.Instance emulator = CudaEmulator.fresh(true);
        emulator.fault("gather_rows_f32", ILLEGAL_ADDRESS);

        DeviceSelection selection = DeviceSelection.select(Device.auto(), emulator.environment());

        assertTrue(selection.reason().startsWith("auto: using the CPU; no usable GPU: cuStreamSynchronize failed: "
                + "CUDA_ERROR_ILLEGAL_ADDRESS"), selection.reason());
        long[] live = emulator.live();
        assertArrayEquals(new long[] {0, 0, 0}, new long[] {live[0], live[1], live[2]}, "context retains, streams, cuBLAS handles");
    }
}
