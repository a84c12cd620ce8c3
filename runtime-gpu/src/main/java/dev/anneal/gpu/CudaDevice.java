package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One GPU, ready for work: the driver initialised, the device's primary context, one stream,
 * a cuBLAS handle on that stream, NVRTC, and the kernel modules compiled for the device's exact
 * architecture on first use. Opened once per process and device ({@link OpenDevices#open}); everything the
 * runtime queues goes to the one stream, in order, memory allocations and frees included (from the
 * device's memory pool, so a free from the Cleaner's thread waits for nothing).
 *
 * <p>The driver binds a context to an OS thread, and a virtual thread may go on on another OS
 * thread at any blocking point: so every call sets the context right before it calls the driver,
 * with no blocking point in between, instead of remembering per Java thread that it did.
 */
final class CudaDevice {
    /** Compiled images per process, by source and architecture, shared by all devices of that architecture. */
    private static final Map<String, Nvrtc.Image> IMAGES = new ConcurrentHashMap<>();

    final CudaDriver driver;
    final CudaMemory memory;
    final int ordinal;
    final String name;
    /** Compute capability as one number: 90 for 9.0. */
    final int architecture;
    final int multiprocessors;
    final int driverVersion;
    /** Whether the device allocates in stream order (cuMemAllocAsync); true on every GPU of CUDA 11.2 drivers on Linux. */
    final boolean memoryPools;
    final MemorySegment stream;
    final Cublas cublas;
    final Nvrtc nvrtc;
    private final MemorySegment context;
    /** The driver's number for the device. */
    private final int device;
    /** cuBLAS's workspace (0 before it is allocated). */
    private long workspace;
    private final Map<KernelSource, MemorySegment> modules = new EnumMap<>(KernelSource.class);
    private ReductionScratch scratch;
    /** Stream synchronisations started, and the newest one finished (see {@link #uploadAsync}). */
    private final AtomicLong syncsStarted = new AtomicLong();
    private final AtomicLong syncsFinished = new AtomicLong();
    private final Map<String, Kernel> kernels = new HashMap<>();
    /**
     * Held (shared) by every call that queues work on the stream, and exclusively by a graph capture,
     * which would otherwise take in another thread's work (a Cleaner's free, another training).
     */
    final ReentrantReadWriteLock streamLock = new ReentrantReadWriteLock();
    private final Lock queueing = streamLock.readLock();
    /** The graph functions, or null when this driver has none (older than CUDA 11.4). */
    final CudaGraphs graphs;
    /** Whether each launch and GEMM waits for the GPU and names itself when it failed (ANNEAL_CUDA_SYNC=1). */
    final boolean syncEachLaunch = syncEachLaunchAsked();
    private final ThreadLocal<long[]> trainingStep = ThreadLocal.withInitial(() -> new long[] {-1});

    /**
     * Opens the device: its primary context, a stream, a cuBLAS handle, NVRTC. When a step fails, what
     * was made before it is given back (the context holds hundreds of MB of GPU memory), and the
     * failure is thrown.
     */
    CudaDevice(CudaDriver driver, int ordinal, LibrarySearch search) {
        this.driver = driver;
        this.memory = new CudaMemory(driver);
        this.graphs = bindGraphs(driver);
        this.ordinal = ordinal;
        device = driver.device(ordinal);
        name = driver.deviceName(device);
        architecture = 10 * driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device)
                + driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        multiprocessors = driver.attribute(CudaDriver.ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
        memoryPools = driver.attribute(CudaDriver.ATTRIBUTE_MEMORY_POOLS_SUPPORTED, device) == 1;
        driverVersion = driver.driverVersion();
        context = driver.retainPrimaryContext(device);
        MemorySegment made = null;
        Cublas handle = null;
        try {
            makeCurrent();
            made = driver.createStream();
            if (memoryPools) {
                memory.keepPoolMemory(device);
            }
            int maxMajor = driverVersion / 1000;
            Cublas.Functions blas = Cublas.Functions.bind(NativeLibraries.load(CudaLibrary.CUBLAS, search, maxMajor));
            makeCurrent();
            handle = new Cublas(blas, made);
            // cuBLAS's recommended workspace: 32 MiB from Hopper on, 4 MiB before.
            long bytes = architecture >= 90 ? 32L << 20 : 4L << 20;
            workspace = memoryPools ? memory.allocate(bytes, made) : memory.allocate(bytes);
            handle.workspace(workspace, bytes);
            nvrtc = Nvrtc.load(search, maxMajor);
        } catch (RuntimeException e) {
            release(made, handle, e);
            throw e;
        }
        stream = made;
        cublas = handle;
    }

    private static CudaGraphs bindGraphs(CudaDriver driver) {
        try {
            return new CudaGraphs(driver);
        } catch (CudaException e) {
            return null;
        }
    }

    /** Gives back the cuBLAS handle, its workspace, the stream and the context (each that exists), attaching any error to {@code failure}. */
    void release(MemorySegment madeStream, Cublas handle, RuntimeException failure) {
        try {
            makeCurrent();
            if (handle != null) {
                handle.destroy();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            if (workspace != 0) {
                if (memoryPools) {
                    memory.free(workspace, madeStream);
                } else {
                    memory.free(workspace);
                }
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            if (madeStream != null) {
                driver.destroyStream(madeStream);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            driver.releasePrimaryContext(device);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Makes this device's context current on the calling OS thread. Called right before each driver
     * call: a flag per Java thread would lie for a virtual thread, which may have moved.
     */
    void makeCurrent() {
        driver.setCurrent(context);
    }

    /** The entry point {@code entry} of {@code source}, compiling and loading the source on first use. */
    synchronized Kernel kernel(KernelSource source, String entry) {
        Kernel kernel = kernels.get(entry);
        if (kernel == null) {
            if (!source.entries.contains(entry)) {
                throw new IllegalArgumentException(source.fileName + " has no kernel " + entry + "; it has " + source.entries);
            }
            MemorySegment module = module(source);
            makeCurrent();
            kernel = new Kernel(this, driver.function(module, entry), entry);
            kernels.put(entry, kernel);
        }
        return kernel;
    }

    /** The module of {@code source}, compiled for this device's architecture (once per process) and loaded. */
    synchronized MemorySegment module(KernelSource source) {
        return modules.computeIfAbsent(source, s -> {
            Nvrtc.Image image = IMAGES.computeIfAbsent(s.name() + "@" + architecture,
                    key -> nvrtc.compile(s.text(), s.fileName, KernelSource.headers(), architecture));
            MemorySegment bytes = Arena.global().allocate(image.bytes().length);
            bytes.copyFrom(MemorySegment.ofArray(image.bytes()));
            makeCurrent();  // after the compile, which may block: the thread may have moved since
            return driver.loadModule(bytes);
        });
    }

    /** The device's scratch memory for reductions over many blocks, allocated on first use. */
    synchronized ReductionScratch scratch() {
        if (scratch == null) {
            scratch = new ReductionScratch(this);
        }
        return scratch;
    }

    /** Device memory for work queued from now on (in stream order when the device has memory pools). */
    long allocate(long bytes) {
        queueing.lock();
        try {
            makeCurrent();
            return memoryPools ? memory.allocate(Math.max(bytes, 4), stream) : memory.allocate(Math.max(bytes, 4));
        } finally {
            queueing.unlock();
        }
    }

    /** Frees after the work queued so far; with memory pools it waits for nothing (safe from any thread). */
    void free(long pointer) {
        queueing.lock();
        try {
            makeCurrent();
            if (memoryPools) {
                memory.free(pointer, stream);
            } else {
                memory.free(pointer);
            }
        } finally {
            queueing.unlock();
        }
    }

    /**
     * Page-locked host memory ({@link CudaMemory#allocateHost}); waits while another thread captures a
     * graph on the stream, as every call here does (during a capture it would invalidate it).
     */
    MemorySegment allocateHost(long bytes) {
        queueing.lock();
        try {
            makeCurrent();
            return memory.allocateHost(bytes);
        } finally {
            queueing.unlock();
        }
    }

    void freeHost(MemorySegment host) {
        queueing.lock();
        try {
            makeCurrent();
            memory.freeHost(host);
        } finally {
            queueing.unlock();
        }
    }

    /**
     * Whether the queued work is done, waiting for nothing ({@link CudaDriver#idle}); a fault since
     * the last synchronisation is thrown.
     */
    boolean idle() {
        queueing.lock();
        try {
            makeCurrent();
            return driver.idle(stream);
        } finally {
            queueing.unlock();
        }
    }

    /** Copies {@code bytes} from host memory to the device and waits for the copy: {@code source} may be freed on return. */
    void upload(long destination, MemorySegment source, long bytes) {
        uploadAsync(destination, source, bytes);
        synchronize();
    }

    /**
     * Queues a copy of {@code bytes} from host memory to the device. The copy may read
     * {@code source} later: keep it alive and unchanged until {@link #awaitCopied} with the returned
     * ticket.
     */
    long uploadAsync(long destination, MemorySegment source, long bytes) {
        return uploadAsync(destination, source, 0, bytes);
    }

    /** {@link #uploadAsync(long, MemorySegment, long)} from {@code source} at {@code offset}. */
    long uploadAsync(long destination, MemorySegment source, long offset, long bytes) {
        queueing.lock();
        try {
            makeCurrent();
            memory.copyToDevice(destination, source, offset, bytes, stream);
        } finally {
            queueing.unlock();
        }
        return syncsStarted.get();
    }

    /** Returns once the copy of {@link #uploadAsync}'s {@code ticket} is done: at once when a stream synchronisation since has seen to it. */
    void awaitCopied(long ticket) {
        if (syncsFinished.get() <= ticket) {
            synchronize();
        }
    }

    /** Waits for the queued work, then copies {@code bytes} from the device to host memory. */
    void download(MemorySegment destination, long source, long bytes) {
        queueing.lock();
        try {
            makeCurrent();
            memory.copyToHost(destination, source, bytes, stream);
        } finally {
            queueing.unlock();
        }
        synchronize();
    }

    /**
     * With {@code ANNEAL_CUDA_SYNC=1} (or {@code -Danneal.cuda.sync=true}): waits for {@code what}
     * (a kernel or a GEMM just queued) and names it and the calling thread's training step when it
     * failed, instead of the GPU reporting the fault at some later call.
     */
    void launched(String what) {
        if (syncEachLaunch) {
            try {
                synchronize();
            } catch (CudaException e) {
                long step = trainingStep.get()[0];
                throw new CudaException(what + " failed" + (step < 0 ? " outside a training step" : " at training step " + step)
                        + " (ANNEAL_CUDA_SYNC=1 waited for it): " + e.getMessage(), e);
            }
        }
    }

    /** The calling thread's training step, for {@link #launched} (-1 between steps); kept only with ANNEAL_CUDA_SYNC=1. */
    void trainingStep(long step) {
        if (syncEachLaunch) {
            trainingStep.get()[0] = step;
        }
    }

    /** Whether ANNEAL_CUDA_SYNC=1 (or the system property anneal.cuda.sync=true) asks to wait for each launch. */
    static boolean syncEachLaunchAsked() {
        return "1".equals(System.getenv("ANNEAL_CUDA_SYNC")) || Boolean.getBoolean("anneal.cuda.sync");
    }

    /** Waits for everything queued on the stream so far. */
    void synchronize() {
        long id = syncsStarted.incrementAndGet();
        queueing.lock();
        try {
            makeCurrent();
            driver.synchronize(stream);
        } finally {
            queueing.unlock();
        }
        syncsFinished.accumulateAndGet(id, Math::max);
    }

    /** Queues a kernel ({@link Kernel.Arguments#launch}). */
    void launch(MemorySegment function, int gridX, int gridY, int blockX, int blockY, MemorySegment parameters, String name) {
        queueing.lock();
        try {
            makeCurrent();
            driver.launch(function, gridX, gridY, blockX, blockY, 0, stream, parameters, name);
        } finally {
            queueing.unlock();
        }
    }

    /** {@link Cublas#gemm} with this device's context current, set inside cuBLAS's lock right before the call. */
    void gemm(boolean float64, boolean transA, boolean transB, int m, int n, int k, double alpha,
              long a, int aCols, long b, int bCols, double beta, long c) {
        queueing.lock();
        try {
            synchronized (cublas) {
                makeCurrent();
                cublas.gemm(float64, transA, transB, m, n, k, alpha, a, aCols, b, bCols, beta, c);
            }
        } finally {
            queueing.unlock();
        }
        if (syncEachLaunch) {
            launched((float64 ? "cublasDgemm_v2" : "cublasSgemm_v2") + "(m=" + m + ", n=" + n + ", k=" + k + ")");
        }
    }

    /** Queues setting {@code words} 32-bit words at {@code pointer} to zero. */
    void zero(long pointer, long words) {
        queueing.lock();
        try {
            makeCurrent();
            memory.fill32(pointer, 0, words, stream);
        } finally {
            queueing.unlock();
        }
    }

    /** Queues a copy of {@code bytes} within the device. */
    void copy(long destination, long source, long bytes) {
        queueing.lock();
        try {
            makeCurrent();
            memory.copyOnDevice(destination, source, bytes, stream);
        } finally {
            queueing.unlock();
        }
    }

    /** "driver libcuda.so.1, NVRTC 12.4 (/usr/local/cuda/lib64/libnvrtc.so.12), cuBLAS 12.4.5 (...)": the libraries in use. */
    String libraries() {
        makeCurrent();
        return "driver " + driver.library.target() + ", NVRTC " + nvrtc.version() + " (" + nvrtc.library.target() + "), cuBLAS "
                + cublas.version() + " (" + cublas.library.target() + ")";
    }

    /** "cuda:0 (NVIDIA H100 80GB HBM3, sm_90, 132 multiprocessors, driver for CUDA 13.0)". */
    String describe() {
        return "cuda:" + ordinal + " (" + name + ", sm_" + architecture + ", " + multiprocessors
                + " multiprocessors, driver for CUDA " + driverVersion / 1000 + "." + driverVersion % 1000 / 10 + ")";
    }
}
