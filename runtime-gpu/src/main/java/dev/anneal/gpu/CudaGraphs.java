package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Hand-written bindings of the CUDA driver's graph functions (libcuda.so.1, CUDA 11.4 and later):
 * capture a stream's work into a graph, instantiate it, launch it again and again. The names are
 * the exported symbols that cuda.h's macros map to ({@code cuStreamBeginCapture} is
 * {@code cuStreamBeginCapture_v2}, {@code cuGraphInstantiate} is {@code cuGraphInstantiateWithFlags}).
 */
final class CudaGraphs {
    /**
     * CU_STREAM_CAPTURE_MODE_THREAD_LOCAL: calls that are unsafe during a capture are refused on the
     * capturing thread only; the device's lock keeps other threads off the stream meanwhile.
     */
    private static final int CAPTURE_THREAD_LOCAL = 1;

    private final CudaDriver driver;
    private final MethodHandle cuStreamBeginCapture;
    private final MethodHandle cuStreamEndCapture;
    private final MethodHandle cuGraphInstantiate;
    private final MethodHandle cuGraphLaunch;
    private final MethodHandle cuGraphExecDestroy;
    private final MethodHandle cuGraphDestroy;

    /** Binds the functions in the driver's library; a CudaException names the first one missing. */
    CudaGraphs(CudaDriver driver) {
        this.driver = driver;
        NativeLibraries.Loaded library = driver.library;
        FunctionDescriptor onPointer = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        cuStreamBeginCapture = Native.function(library, "cuStreamBeginCapture_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuStreamEndCapture = Native.function(library, "cuStreamEndCapture", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuGraphInstantiate = Native.function(library, "cuGraphInstantiateWithFlags",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        cuGraphLaunch = Native.function(library, "cuGraphLaunch", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuGraphExecDestroy = Native.function(library, "cuGraphExecDestroy", onPointer);
        cuGraphDestroy = Native.function(library, "cuGraphDestroy", onPointer);
    }

    /** A captured graph and its executable form. */
    record Graph(MemorySegment graph, MemorySegment exec) {
    }

    /**
     * Captures what {@code calls} queue on {@code device}'s stream into a CUDA graph instead of running
     * it, and instantiates the graph. No other thread queues work meanwhile (it would join the graph):
     * the capture holds the stream's lock for writing.
     */
    Graph capture(CudaDevice device, Runnable calls) {
        device.streamLock.writeLock().lock();
        try {
            device.makeCurrent();
            beginCapture(device.stream);
            try {
                calls.run();
            } catch (RuntimeException e) {
                try {
                    destroy(endCapture(device.stream));
                } catch (RuntimeException ended) {
                    e.addSuppressed(ended);
                }
                throw e;
            }
            MemorySegment graph = endCapture(device.stream);
            try {
                return new Graph(graph, instantiate(graph));
            } catch (RuntimeException e) {
                destroy(graph);
                throw e;
            }
        } finally {
            device.streamLock.writeLock().unlock();
        }
    }

    /** Queues a captured graph on {@code device}'s stream: one call for the whole of it. */
    void launch(CudaDevice device, Graph graph) {
        device.streamLock.readLock().lock();
        try {
            device.makeCurrent();
            launch(graph.exec(), device.stream);
        } finally {
            device.streamLock.readLock().unlock();
        }
    }

    /** Destroys a graph and its executable form; a launch of it still queued runs to its end first. */
    void destroy(CudaDevice device, Graph graph) {
        device.streamLock.readLock().lock();   // from a Cleaner's thread too: never inside another thread's capture
        try {
            device.makeCurrent();
            destroyExec(graph.exec());
            destroy(graph.graph());
        } finally {
            device.streamLock.readLock().unlock();
        }
    }

    /** From now on the work queued on {@code stream} by this thread goes into a graph instead of running. */
    private void beginCapture(MemorySegment stream) {
        try {
            driver.check((int) cuStreamBeginCapture.invokeExact(stream, CAPTURE_THREAD_LOCAL), "cuStreamBeginCapture_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Ends the capture: the graph of the work queued since {@link #beginCapture}. */
    private MemorySegment endCapture(MemorySegment stream) {
        return driver.pointerOut(out -> (int) cuStreamEndCapture.invokeExact(stream, out), "cuStreamEndCapture");
    }

    /** An executable graph of {@code graph}, to launch as often as needed. */
    private MemorySegment instantiate(MemorySegment graph) {
        return driver.pointerOut(out -> (int) cuGraphInstantiate.invokeExact(out, graph, 0L), "cuGraphInstantiateWithFlags");
    }

    /** Queues the whole graph on {@code stream}: one call for all its kernels and GEMMs. */
    private void launch(MemorySegment exec, MemorySegment stream) {
        try {
            int result = (int) cuGraphLaunch.invokeExact(exec, stream);
            if (result != 0) {
                driver.check(result, "cuGraphLaunch");
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Destroys an executable graph; a launch of it still queued runs to its end first. */
    private void destroyExec(MemorySegment exec) {
        try {
            driver.check((int) cuGraphExecDestroy.invokeExact(exec), "cuGraphExecDestroy");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private void destroy(MemorySegment graph) {
        try {
            driver.check((int) cuGraphDestroy.invokeExact(graph), "cuGraphDestroy");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
