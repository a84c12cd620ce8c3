package dev.anneal.samples.cli;

import dev.anneal.gpu.CudaException;
import dev.anneal.gpu.GpuBenchmark;
import dev.anneal.samples.train.Devices;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anneal bench}: training speed on a device, in steps per second: MLP 784-512-512-10 (ReLU,
 * softmax cross-entropy, SGD with momentum 0.9) on random rows through the trainer
 * ({@link GpuBenchmark}), one line per batch size.
 * <pre>{@code
 * anneal bench                                  # --device auto, batch 256 and 4096
 * anneal bench --device cpu --batch 256 --rows 4096 --seconds 1
 * anneal bench --device cuda --cuda-graphs off    # each kernel launched by itself, to compare
 * }</pre>
 * Exit codes: 0 done, 1 the GPU failed, 2 bad input.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures training speed: MLP 784-512-512-10 (ReLU, softmax cross-entropy, SGD with momentum 0.9) on "
                    + "random rows through the trainer, in steps per second, one line per batch size.",
            "A warm-up epoch (kernel compilation on a GPU) is not timed; then epochs run until they have taken "
                    + "--seconds. --rows must be at least the largest --batch. TFLOP/s counts the matrix products of "
                    + "the rows trained on. runtime-gpu/bench/torch_mlp.py measures the same model in PyTorch."
        },
        footer = {
            "%nExamples:",
            "  anneal bench",
            "  anneal bench --device cpu --batch 256 --rows 4096 --seconds 1",
            "  anneal bench --device cuda --cuda-graphs off"
        })
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "cpu, cuda, cuda:N or auto (the GPU when one is usable, else the CPU; default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--cuda-graphs", paramLabel = "on|off", defaultValue = "on", converter = DeviceOption.OnOff.class,
            description = "On a GPU, run each training step as one CUDA graph (on, the default) or launch its kernels one "
                    + "by one (off, to compare).")
    String cudaGraphs;

    @Option(names = "--batch", paramLabel = "N", split = ",", defaultValue = "256,4096",
            description = "Batch sizes to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "32768",
            description = "Random rows in the data set, at least the largest batch (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "" + GpuBenchmark.SECONDS,
            description = "Time the epochs after the warm-up take at least (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() {
        for (int batch : batches) {
            UserErrors.requirePositive(spec, "--batch", batch);
        }
        UserErrors.requirePositive(spec, "--rows", rows);
        int largest = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (rows < largest) {
            throw new ParameterException(spec.commandLine(), "--rows " + rows + " is fewer than --batch " + largest
                    + ": every step would train on " + rows + " rows, not " + largest + "; give --rows " + largest
                    + " or more");
        }
        if (!(seconds >= 0 && Double.isFinite(seconds))) {
            throw new ParameterException(spec.commandLine(), "--seconds must be a finite number >= 0, got " + seconds);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Devices.Choice choice;
        try {
            choice = Devices.select(device, cudaGraphs.equals("on"));
        } catch (IllegalArgumentException e) {
            stderr.println("anneal bench: " + e.getMessage());
            return 2;
        }
        stdout.println(choice.description());
        stdout.println("model: " + GpuBenchmark.MLP + ", sgd(lr=0.01, momentum=0.9), " + rows + " random rows");
        stdout.flush();
        try {
            for (int batch : batches) {
                stdout.println(GpuBenchmark.measure(choice.backend(), batch, rows, seconds));
                stdout.flush();
            }
        } catch (CudaException e) {
            stderr.println("anneal bench: the GPU failed: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
