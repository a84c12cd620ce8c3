package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thread's training steps on a {@link CudaBackend}, each run as one CUDA graph. Between
 * {@code beginStep} and {@code endStep} the backend records its calls instead of queueing them: the
 * kernels with their grids and arguments, the GEMMs, the copies; what changes from step to step (the
 * batch's row indices, the hyperparameters of each update, the loss's slot in the step table) goes
 * to the step's {@link StepInputs}. At the end of the step, the recording is compared with the
 * graphs captured before: the same calls on the same tensors replay that graph; anything else (the
 * first step, the last and shorter batch of an epoch, another batch size) is captured as a new graph.
 * Then one copy brings the step's inputs to the device, and one launch runs the graph.
 *
 * <p>A call the backend cannot record (an allocation, an upload, a download) issues what was
 * recorded so far, and the rest of the step runs without a graph.
 */
final class StepGraph {
    /** Graphs kept per thread: enough for an epoch's full and last batches, training and a range test. */
    private static final int MAX_GRAPHS = 8;
    private static final Cleaner CLEANER = Cleaner.create();

    /** What a StepGraph holds on the device, given back when the StepGraph becomes unreachable. */
    private record Resources(CudaDevice device, StepInputs inputs, List<Captured> graphs) implements Runnable {
        @Override
        public void run() {
            destroyAll(device, graphs);
            inputs.free();
        }
    }

    /** A captured step: its calls (offsets for the inputs) and its graph. */
    private record Captured(RecordedCall[] calls, CudaGraphs.Graph graph) {
    }

    private final CudaDevice device;
    private final StepInputs inputs;
    private final List<Captured> graphs = new ArrayList<>();
    private RecordedCall[] calls = new RecordedCall[0];
    private int count;
    private Object[] kept = new Object[64];
    private int keptCount;
    private boolean recording;
    private int[] lastRows;
    private int lastOffset;
    private int lastCount;
    private long lastIndices;
    private long captures;
    private long launches;

    StepGraph(CudaDevice device) {
        this.device = device;
        this.inputs = new StepInputs(device);
        CLEANER.register(this, new Resources(device, inputs, graphs));
    }

    /** Starts recording a step (what an unfinished earlier step recorded is issued first). */
    void begin() {
        flush();
        recording = true;
        count = 0;
        lastRows = null;
        inputs.begin();
    }

    boolean recording() {
        return recording;
    }

    /** Graphs captured so far by this thread. */
    long captures() {
        return captures;
    }

    /** Steps launched as a graph so far by this thread. */
    long launches() {
        return launches;
    }

    /** Records a kernel launch ({@link Kernel.Arguments#launch}). */
    void record(Kernel kernel, MemorySegment values, int argCount, int inputArg, int gridX, int gridY, int blockX, int blockY) {
        next().kernel(kernel, values, argCount, inputArg, gridX, gridY, blockX, blockY);
    }

    void recordGemm(boolean float64, boolean transA, boolean transB, int m, int n, int k, long a, int aCols, long b, int bCols, long c) {
        next().gemm(float64, transA, transB, m, n, k, a, aCols, b, bCols, c);
    }

    void recordCopy(long destination, long source, long bytes) {
        next().copy(destination, source, bytes);
    }

    private RecordedCall next() {
        if (count == calls.length) {
            RecordedCall[] larger = Arrays.copyOf(calls, Math.max(32, 2 * calls.length));
            for (int i = count; i < larger.length; i++) {
                larger[i] = new RecordedCall();
            }
            calls = larger;
        }
        return calls[count++];
    }

    /** Keeps what the recorded calls use reachable until they are queued (nulls are ignored). */
    void keep(Object a, Object b, Object c, Object d) {
        if (keptCount + 4 > kept.length) {
            kept = Arrays.copyOf(kept, 2 * kept.length);
        }
        kept[keptCount++] = a;
        kept[keptCount++] = b;
        kept[keptCount++] = c;
        kept[keptCount++] = d;
    }

    /** Room for {@code bytes} of this step's inputs: the offset to write at ({@link #inputs()}) and to pass with {@code input}. */
    long reserve(long bytes) {
        return inputs.reserve(bytes);
    }

    /** The step's inputs as written on the host. */
    MemorySegment inputs() {
        return inputs.scratch();
    }

    /**
     * {@code rows[offset, offset + n)} among the step's inputs: their offset there. The features and
     * the labels of a batch gather with the same indices, which are written once.
     */
    long indices(int[] rows, int offset, int n) {
        if (rows == lastRows && offset == lastOffset && n == lastCount) {
            return lastIndices;
        }
        long at = inputs.reserve(4L * n);
        MemorySegment.copy(rows, offset, inputs.scratch(), JAVA_INT, at, n);
        lastRows = rows;
        lastOffset = offset;
        lastCount = n;
        lastIndices = at;
        return at;
    }

    /**
     * Ends the step: launches the graph of these calls, captured now if no graph of the same calls
     * was, after one copy of the step's inputs.
     */
    void end() {
        if (!recording) {
            return;
        }
        recording = false;
        if (count == 0) {
            return;
        }
        try {
            fitInputs();
            Captured graph = find();
            if (graph == null) {
                graph = capture();
            }
            inputs.upload();
            device.graphs.launch(device, graph.graph);
            launches++;
        } finally {
            release();
        }
    }

    /** Issues what the step recorded so far, as it would have been queued without a graph; the rest of the step goes so too. */
    void flush() {
        if (!recording) {
            return;
        }
        recording = false;
        try {
            fitInputs();
            inputs.upload();
            long at = inputs.device();
            for (int i = 0; i < count; i++) {
                calls[i].issue(device, at);
            }
        } finally {
            release();
        }
    }

    /** Makes the device buffer hold this step's inputs; when that moves it, the graphs that read its old place go. */
    private void fitInputs() {
        if (inputs.fitDevice()) {
            destroyGraphs();
        }
    }

    private void release() {
        Arrays.fill(kept, 0, keptCount, null);
        keptCount = 0;
    }

    /** The graph of the same calls, made the most recently used; null when there is none. */
    private Captured find() {
        for (int g = graphs.size() - 1; g >= 0; g--) {
            Captured c = graphs.get(g);
            if (c.calls.length == count && same(c.calls)) {
                if (g != graphs.size() - 1) {
                    graphs.add(graphs.remove(g));
                }
                return c;
            }
        }
        return null;
    }

    private boolean same(RecordedCall[] captured) {
        for (int i = 0; i < count; i++) {
            if (!calls[i].sameAs(captured[i])) {
                return false;
            }
        }
        return true;
    }

    private Captured capture() {
        long at = inputs.device();
        CudaGraphs.Graph graph;
        try {
            graph = device.graphs.capture(device, () -> {
                for (int i = 0; i < count; i++) {
                    calls[i].issue(device, at);
                }
            });
        } catch (CudaException e) {
            throw new CudaException("capturing a training step as a CUDA graph on " + device.describe() + " failed: "
                    + e.getMessage() + " (--cuda-graphs off trains without graphs)", e);
        }
        RecordedCall[] copies = new RecordedCall[count];
        for (int i = 0; i < count; i++) {
            copies[i] = calls[i].copy();
        }
        Captured c = new Captured(copies, graph);
        graphs.add(c);
        captures++;
        if (graphs.size() > MAX_GRAPHS) {
            device.graphs.destroy(device, graphs.removeFirst().graph);
        }
        return c;
    }

    private void destroyGraphs() {
        destroyAll(device, graphs);
    }

    private static void destroyAll(CudaDevice device, List<Captured> graphs) {
        for (Captured c : graphs) {
            device.graphs.destroy(device, c.graph);
        }
        graphs.clear();
    }
}
