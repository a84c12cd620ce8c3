package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Set;

/**
 * Hand-written bindings of the CUDA driver API functions the runtime uses (libcuda.so.1). Every
 * non-zero CUresult becomes a {@link CudaException} naming the call and CUDA's error name and text.
 * Device pointers are {@code long}; contexts, streams, modules and functions are opaque segments.
 */
final class CudaDriver {
    static final int ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    static final int ATTRIBUTE_MEMORY_POOLS_SUPPORTED = 115;
    private static final int STREAM_NON_BLOCKING = 1;
    private static final int NOT_READY = 600;
    /**
     * Errors after which, as cuda.h says, "the process is left in an inconsistent state and any further
     * CUDA work will return the same error": CONTAINED, ILLEGAL_ADDRESS, LAUNCH_TIMEOUT,
     * HARDWARE_STACK_ERROR, ILLEGAL_INSTRUCTION, MISALIGNED_ADDRESS, INVALID_ADDRESS_SPACE,
     * INVALID_PC, LAUNCH_FAILED, EXTERNAL_DEVICE.
     */
    static final Set<Integer> STICKY = Set.of(226, 700, 702, 714, 715, 716, 717, 718, 719, 911);
    static final String STICKY_NOTE = "; a GPU reports a kernel's fault at the next call that waits for the GPU, not at the "
            + "launch, and after this error CUDA cannot use the GPU again until the process exits (ANNEAL_CUDA_SYNC=1 names "
            + "the kernel and the training step)";

    final NativeLibraries.Loaded library;
    private final MethodHandle cuGetErrorName;
    private final MethodHandle cuGetErrorString;
    private final MethodHandle cuInit;
    private final MethodHandle cuDriverGetVersion;
    private final MethodHandle cuDeviceGetCount;
    private final MethodHandle cuDeviceGet;
    private final MethodHandle cuDeviceGetAttribute;
    private final MethodHandle cuDeviceGetName;
    private final MethodHandle cuDevicePrimaryCtxRetain;
    private final MethodHandle cuCtxSetCurrent;
    private final MethodHandle cuDevicePrimaryCtxRelease;
    private final MethodHandle cuStreamCreate;
    private final MethodHandle cuStreamDestroy;
    private final MethodHandle cuStreamSynchronize;
    private final MethodHandle cuStreamQuery;
    private final MethodHandle cuModuleLoadData;
    private final MethodHandle cuModuleGetFunction;
    private final MethodHandle cuLaunchKernel;

    private CudaDriver(NativeLibraries.Loaded library) {
        this.library = library;
        FunctionDescriptor intOut = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        cuGetErrorName = Native.function(library, "cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cuGetErrorString = Native.function(library, "cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cuInit = Native.function(library, "cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        cuDriverGetVersion = Native.function(library, "cuDriverGetVersion", intOut);
        cuDeviceGetCount = Native.function(library, "cuDeviceGetCount", intOut);
        cuDeviceGet = Native.function(library, "cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDeviceGetAttribute = Native.function(library, "cuDeviceGetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceGetName = Native.function(library, "cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDevicePrimaryCtxRetain = Native.function(library, "cuDevicePrimaryCtxRetain",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuCtxSetCurrent = Native.function(library, "cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuDevicePrimaryCtxRelease = Native.function(library, "cuDevicePrimaryCtxRelease_v2", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        cuStreamCreate = Native.function(library, "cuStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuStreamDestroy = Native.function(library, "cuStreamDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuStreamSynchronize = Native.function(library, "cuStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuStreamQuery = Native.function(library, "cuStreamQuery", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuModuleLoadData = Native.function(library, "cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuModuleGetFunction = Native.function(library, "cuModuleGetFunction",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        cuLaunchKernel = Native.function(library, "cuLaunchKernel", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    }

    /** Opens libcuda.so.1 and binds its functions. */
    static CudaDriver load(LibrarySearch search) {
        return new CudaDriver(NativeLibraries.load(CudaLibrary.DRIVER, search, 0));
    }

    void init() {
        try {
            check((int) cuInit.invokeExact(0), "cuInit");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The CUDA version the driver supports, e.g. 12040 for 12.4. */
    int driverVersion() {
        return intOut(cuDriverGetVersion, "cuDriverGetVersion");
    }

    int deviceCount() {
        return intOut(cuDeviceGetCount, "cuDeviceGetCount");
    }

    int device(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check((int) cuDeviceGet.invokeExact(out, ordinal), "cuDeviceGet");
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    int attribute(int attribute, int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check((int) cuDeviceGetAttribute.invokeExact(out, attribute, device), "cuDeviceGetAttribute");
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(256);
            check((int) cuDeviceGetName.invokeExact(out, 256, device), "cuDeviceGetName");
            return out.getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    MemorySegment retainPrimaryContext(int device) {
        return pointerOut(out -> (int) cuDevicePrimaryCtxRetain.invokeExact(out, device), "cuDevicePrimaryCtxRetain");
    }

    /** Gives back a {@link #retainPrimaryContext} of {@code device}: the context goes with the last retain. */
    void releasePrimaryContext(int device) {
        try {
            check((int) cuDevicePrimaryCtxRelease.invokeExact(device), "cuDevicePrimaryCtxRelease_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void setCurrent(MemorySegment context) {
        try {
            check((int) cuCtxSetCurrent.invokeExact(context), "cuCtxSetCurrent");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    MemorySegment createStream() {
        return pointerOut(out -> (int) cuStreamCreate.invokeExact(out, STREAM_NON_BLOCKING), "cuStreamCreate");
    }

    /** Destroys {@code stream} once its queued work is done; waits for nothing. */
    void destroyStream(MemorySegment stream) {
        try {
            check((int) cuStreamDestroy.invokeExact(stream), "cuStreamDestroy_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Whether the stream's queued work is done, waiting for nothing: true when it is, false while it
     * runs; a fault the GPU ran into since the last synchronisation is thrown.
     */
    boolean idle(MemorySegment stream) {
        try {
            int result = (int) cuStreamQuery.invokeExact(stream);
            if (result == NOT_READY) {
                return false;
            }
            check(result, "cuStreamQuery");
            return true;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void synchronize(MemorySegment stream) {
        try {
            check((int) cuStreamSynchronize.invokeExact(stream), "cuStreamSynchronize");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Loads a CUBIN or NUL-terminated PTX image into the current context. */
    MemorySegment loadModule(MemorySegment image) {
        return pointerOut(out -> (int) cuModuleLoadData.invokeExact(out, image), "cuModuleLoadData");
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            return pointerOut(out -> (int) cuModuleGetFunction.invokeExact(out, module, cName), "cuModuleGetFunction(" + name + ")");
        }
    }

    /** Queues a kernel; {@code parameters} is the array of pointers to each argument value. */
    void launch(MemorySegment function, int gridX, int gridY, int blockX, int blockY, int sharedBytes,
                MemorySegment stream, MemorySegment parameters, String name) {
        try {
            int result = (int) cuLaunchKernel.invokeExact(function, gridX, gridY, 1, blockX, blockY, 1, sharedBytes,
                    stream, parameters, MemorySegment.NULL);
            if (result != 0) {
                check(result, "cuLaunchKernel(" + name + ")");
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A driver call that writes a pointer to {@code out} and returns its result code. */
    interface PointerCall {
        int call(MemorySegment out) throws Throwable;
    }

    /** The pointer {@code call} writes, its result checked ({@code name} in the error). */
    MemorySegment pointerOut(PointerCall call, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(call.call(out), name);
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private int intOut(MethodHandle handle, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check((int) handle.invokeExact(out), name);
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Throws a CudaException naming {@code call} and the error when {@code result} is not
     * CUDA_SUCCESS; for an error that sticks to the context (a kernel's illegal address, a launch
     * failure), says so and how to find the kernel.
     */
    void check(int result, String call) {
        if (result != 0) {
            throw new CudaException(call + " failed: " + errorText(result) + (STICKY.contains(result) ? STICKY_NOTE : ""));
        }
    }

    /** "CUDA_ERROR_OUT_OF_MEMORY (out of memory)", or the number when the driver does not know it. */
    String errorText(int result) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(ADDRESS);
            MemorySegment text = arena.allocate(ADDRESS);
            int nameStatus = (int) cuGetErrorName.invokeExact(result, name);
            int textStatus = (int) cuGetErrorString.invokeExact(result, text);
            if (nameStatus != 0 || textStatus != 0) {
                return "CUresult " + result;
            }
            return Native.string(name.get(ADDRESS, 0)) + " (" + Native.string(text.get(ADDRESS, 0)) + ")";
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
