package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.anneal.runtime.backend.Precision;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A training step's capture into a CUDA graph while other threads use the same GPU (its one stream):
 * what they ask of the device meanwhile waits for the capture to end instead of breaking it. A stream
 * query, a synchronisation or a page-locked allocation from another thread during a capture
 * invalidates it on a GPU, and the emulator does the same ({@code CUDA_ERROR_STREAM_CAPTURE_INVALIDATED}).
 * Each test on an emulated GPU of its own. Runs only on the emulator (tag {@code emulator}).
 */
@Tag("emulator")
class CaptureBesideOtherThreadsTest {

    @BeforeAll
    static void useTheEmulator() {
        Skips.unless(System.getProperty(CudaEmulator.PROPERTY) != null, "CaptureBesideOtherThreadsTest",
                "runs on the CUDA emulator only (-D" + CudaEmulator.PROPERTY + ")");
        CudaEmulator.install();
        CudaEmulator.backend(Precision.FLOAT32);  // compiles the kernels once for every emulated GPU
    }

    /**
     * Captures a step that zeroes {@code words} words at {@code pointer}, starting {@code other} while
     * the capture is open and letting the capture end only once {@code other} has finished or waits.
     */
    private static CudaGraphs.Graph captureWhile(CudaDevice device, long pointer, int words, Runnable other)
            throws InterruptedException {
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CudaGraphs.Graph graph;
        try {
            graph = device.graphs.capture(device, () -> {
                device.zero(pointer, words);
                Thread t = new Thread(other, "other-training");
                t.setUncaughtExceptionHandler((th, e) -> failed.set(e));
                thread.set(t);
                t.start();
                awaitWaitingOrDone(t);
            });
        } finally {
            Thread t = thread.get();
            if (t != null) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        assertFalse(thread.get().isAlive(), "the other thread went on once the capture ended");
        assertNull(failed.get(), "the other thread's call");
        return graph;
    }

    private static void awaitWaitingOrDone(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread.State state = t.getState();
            if (state == Thread.State.TERMINATED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the other thread neither finished nor waited within 30 s: " + t.getState());
    }

    /** The graph ran: the floats it zeroed, after they were set to 7. */
    private static float[] replayed(CudaDevice device, CudaGraphs.Graph graph, long pointer, int words) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sevens = arena.allocate(4L * words, 4);
            for (int i = 0; i < words; i++) {
                sevens.setAtIndex(JAVA_FLOAT, i, 7f);
            }
            device.upload(pointer, sevens, 4L * words);
            device.graphs.launch(device, graph);
            MemorySegment back = arena.allocate(4L * words, 4);
            device.download(back, pointer, 4L * words);
            return back.toArray(JAVA_FLOAT);
        } finally {
            device.graphs.destroy(device, graph);
        }
    }

    @Test
    void openingTheGpuFromAnotherThreadWaitsForTheCapture() throws Exception {
        CudaEmulator.Instance emulator = CudaEmulator.fresh(true);
        CudaDevice device = emulator.open();
        long pointer = device.allocate(16);

        // OpenDevices.open checks a device it opened before with a query of its stream
        CudaGraphs.Graph graph = captureWhile(device, pointer, 4, () -> emulator.open());

        for (float f : replayed(device, graph, pointer, 4)) {
            assertEquals(0f, f);
        }
    }

    @Test
    void pageLockedMemoryForAnotherTrainingWaitsForTheCapture() throws Exception {
        CudaEmulator.Instance emulator = CudaEmulator.fresh(true);
        CudaDevice device = emulator.open();
        long pointer = device.allocate(16);

        // a step's inputs go through a page-locked ring, allocated and freed as a training needs
        CudaGraphs.Graph graph = captureWhile(device, pointer, 4, () -> {
            MemorySegment ring = device.allocateHost(4096);
            device.freeHost(ring);
        });

        for (float f : replayed(device, graph, pointer, 4)) {
            assertEquals(0f, f);
        }
    }

    @Test
    void aSynchronisationFromAnotherThreadWaitsForTheCapture() throws Exception {
        CudaEmulator.Instance emulator = CudaEmulator.fresh(true);
        CudaDevice device = emulator.open();
        long pointer = device.allocate(16);

        CudaGraphs.Graph graph = captureWhile(device, pointer, 4, device::synchronize);

        for (float f : replayed(device, graph, pointer, 4)) {
            assertEquals(0f, f);
        }
    }
}
