package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.backend.Precision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A tensor stays reachable until the kernel that reads it is queued. A CudaTensor's memory is freed
 * by a Cleaner in stream order; compiled code may drop a reference after its last read, here the
 * pointer, so without a reachability fence a collection during the launch queues the free before
 * the kernel, which then reads freed memory (on a GPU, memory the pool may have given to another
 * tensor; on the emulator, an illegal address). The probe runs in a child JVM that compiles
 * CudaBackend before its first call ({@code -Xcomp}), as a long training has it compiled.
 * Runs only on the emulator (tag {@code emulator}).
 */
@Tag("emulator")
class LaunchKeepsItsTensorsTest {

    @Test
    void aTensorWhoseOnlyReferenceIsTheArgumentLivesUntilItsKernelIsQueued() throws IOException, InterruptedException {
        Skips.unless(System.getProperty(CudaEmulator.PROPERTY) != null, "LaunchKeepsItsTensorsTest",
                "runs on the CUDA emulator only (-D" + CudaEmulator.PROPERTY + ")");
        CudaEmulator.install();
        CudaEmulator.backend(Precision.FLOAT64);  // compiles the kernels into the emulator's module cache
        Path folder = CudaEmulator.fresh(true).folder();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xcomp", "-XX:-TieredCompilation", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=compileonly,dev.anneal.gpu.CudaBackend::*",
                "-cp", System.getProperty("java.class.path"), LaunchKeepsItsTensorsProbe.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        String output;
        try {
            output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the probe did not finish");
        } finally {
            child.destroyForcibly();
        }
        List<String> lines = output.lines().toList();

        assertEquals(0, child.exitValue(), output);
        assertEquals("tanh [-0.761594156, 0.000000000, 0.462117157, 0.964027580]", lines.getLast(), output);
    }
}
