package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

/**
 * Hand-written bindings of the CUDA driver's memory functions (libcuda.so.1): device memory, in
 * stream order from the device's memory pool or not, copies and fills, pinned host memory. Errors
 * as {@link CudaDriver#check} words them.
 */
final class CudaMemory {
    /** CU_MEMPOOL_ATTR_RELEASE_THRESHOLD: reserved bytes a pool keeps across synchronisations. */
    private static final int POOL_RELEASE_THRESHOLD = 4;

    private final CudaDriver driver;
    private final MethodHandle cuMemAlloc;
    private final MethodHandle cuMemFree;
    private final MethodHandle cuMemAllocAsync;
    private final MethodHandle cuMemFreeAsync;
    private final MethodHandle cuMemcpyHtoDAsync;
    private final MethodHandle cuMemcpyDtoHAsync;
    private final MethodHandle cuMemcpyDtoDAsync;
    private final MethodHandle cuMemsetD32Async;
    private final MethodHandle cuMemHostAlloc;
    private final MethodHandle cuMemFreeHost;
    private final MethodHandle cuDeviceGetDefaultMemPool;
    private final MethodHandle cuMemPoolSetAttribute;

    /** Binds the functions in the driver's library; a CudaException names the first one missing. */
    CudaMemory(CudaDriver driver) {
        this.driver = driver;
        NativeLibraries.Loaded library = driver.library;
        cuMemAlloc = Native.function(library, "cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cuMemFree = Native.function(library, "cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuMemAllocAsync = Native.function(library, "cuMemAllocAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        cuMemFreeAsync = Native.function(library, "cuMemFreeAsync", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        // the source as an address (a long): a step's copy from inside its ring then makes no slice of it
        cuMemcpyHtoDAsync = Native.function(library, "cuMemcpyHtoDAsync_v2",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
        cuMemcpyDtoHAsync = Native.function(library, "cuMemcpyDtoHAsync_v2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        cuMemcpyDtoDAsync = Native.function(library, "cuMemcpyDtoDAsync_v2",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
        cuMemsetD32Async = Native.function(library, "cuMemsetD32Async",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS));
        cuMemHostAlloc = Native.function(library, "cuMemHostAlloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        cuMemFreeHost = Native.function(library, "cuMemFreeHost", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuDeviceGetDefaultMemPool = Native.function(library, "cuDeviceGetDefaultMemPool",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuMemPoolSetAttribute = Native.function(library, "cuMemPoolSetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    }

    long allocate(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            driver.check((int) cuMemAlloc.invokeExact(out, bytes), "cuMemAlloc_v2(" + bytes + " bytes)");
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void free(long pointer) {
        try {
            driver.check((int) cuMemFree.invokeExact(pointer), "cuMemFree_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Allocates from the device's memory pool in stream order: usable by work queued on
     * {@code stream} after this call.
     */
    long allocate(long bytes, MemorySegment stream) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            driver.check((int) cuMemAllocAsync.invokeExact(out, bytes, stream), "cuMemAllocAsync(" + bytes + " bytes)");
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Frees in stream order, after the work queued on {@code stream} so far; waits for nothing. */
    void free(long pointer, MemorySegment stream) {
        try {
            driver.check((int) cuMemFreeAsync.invokeExact(pointer, stream), "cuMemFreeAsync");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Has the default memory pool of {@code device} keep the memory it reserved when the stream
     * synchronises. By default (a release threshold of 0) every synchronisation gives the pool's
     * unused memory back to the driver, and the next allocation asks the driver again.
     */
    void keepPoolMemory(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pool = arena.allocate(ADDRESS);
            driver.check((int) cuDeviceGetDefaultMemPool.invokeExact(pool, device), "cuDeviceGetDefaultMemPool");
            MemorySegment everything = arena.allocateFrom(JAVA_LONG, -1L);  // UINT64_MAX
            driver.check((int) cuMemPoolSetAttribute.invokeExact(pool.get(ADDRESS, 0), POOL_RELEASE_THRESHOLD, everything),
                    "cuMemPoolSetAttribute(CU_MEMPOOL_ATTR_RELEASE_THRESHOLD)");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Host to device in stream order, from {@code source} at {@code offset} (native memory). The copy may
     * still read {@code source} after the call returns: keep it unchanged and alive until the stream has
     * been synchronised.
     */
    void copyToDevice(long destination, MemorySegment source, long offset, long bytes, MemorySegment stream) {
        if (!source.isNative()) {
            throw new IllegalArgumentException("a copy to the device reads native memory, got " + source);
        }
        Objects.checkFromIndexSize(offset, bytes, source.byteSize());
        try {
            driver.check((int) cuMemcpyHtoDAsync.invokeExact(destination, source.address() + offset, bytes, stream),
                    "cuMemcpyHtoDAsync_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Device to host in stream order: the data is there once the stream has been synchronised. */
    void copyToHost(MemorySegment destination, long source, long bytes, MemorySegment stream) {
        try {
            driver.check((int) cuMemcpyDtoHAsync.invokeExact(destination, source, bytes, stream), "cuMemcpyDtoHAsync_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void copyOnDevice(long destination, long source, long bytes, MemorySegment stream) {
        try {
            driver.check((int) cuMemcpyDtoDAsync.invokeExact(destination, source, bytes, stream), "cuMemcpyDtoDAsync_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Sets {@code count} 32-bit words at {@code pointer} to {@code value}, in stream order. */
    void fill32(long pointer, int value, long count, MemorySegment stream) {
        try {
            driver.check((int) cuMemsetD32Async.invokeExact(pointer, value, count, stream), "cuMemsetD32Async");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Page-locked host memory, which the GPU copies from without staging: a copy from it is truly
     * asynchronous, so it must stay unchanged until the copy has run.
     */
    MemorySegment allocateHost(long bytes) {
        return driver.pointerOut(out -> (int) cuMemHostAlloc.invokeExact(out, bytes, 0), "cuMemHostAlloc(" + bytes
                + " bytes)").reinterpret(bytes);
    }

    void freeHost(MemorySegment memory) {
        try {
            driver.check((int) cuMemFreeHost.invokeExact(memory), "cuMemFreeHost");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
