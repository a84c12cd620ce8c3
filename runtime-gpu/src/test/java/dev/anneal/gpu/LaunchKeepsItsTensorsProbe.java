package dev.anneal.gpu;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Run by {@link LaunchKeepsItsTensorsTest} in a JVM of its own, with CudaBackend compiled before its
 * first call: a tensor whose only reference is an operation's argument, and a collection while that
 * operation's kernel is being queued (the emulator's launch callback collects, then waits for the
 * Cleaner's free). Prints the kernel's results, or the error, and exits 1 on an error.
 */
final class LaunchKeepsItsTensorsProbe {
    private LaunchKeepsItsTensorsProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        CudaEmulator.Instance gpu = new CudaEmulator.Instance(Path.of(args[0]));
        CudaBackend backend = CudaBackend.on(gpu.open(), Precision.FLOAT64);
        Tensor out = backend.zeros(1, 4);
        long frees = gpu.traffic().frees();
        gpu.onLaunch(() -> {
            for (int i = 0; i < 10 && gpu.traffic().frees() == frees; i++) {
                System.gc();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        backend.activate(Activation.TANH, backend.upload(new double[] {-1, 0, 0.5, 2}, 1, 4), out);
        gpu.onLaunch(null);
        double[] host = new double[4];
        try {
            backend.download(out, host);
        } catch (CudaException e) {
            System.out.println("failed: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("tanh " + Arrays.stream(host).mapToObj(v -> String.format(Locale.ROOT, "%.9f", v)).toList());
    }
}
