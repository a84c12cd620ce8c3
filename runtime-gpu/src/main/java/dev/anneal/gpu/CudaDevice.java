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

/**
 * One GPU, ready for work: the driver initialised, the device's primary context, one stream,
 * a cuBLAS handle on that stream, NVRTC, and the kernel modules compiled for the device's exact
 * architecture on first use. Opened once per process and device ({@link #open}); everything the
 * runtime queues goes to the one stream, in order, memory allocations and frees included (from the
 * device's memory pool, so a free from the Cleaner's thread waits for nothing).
 *
 * <p>The driver binds a context to an OS thread, and a virtual thread may go on on another OS
 * thread at any blocking point: so every call sets the context right before it calls the driver,
 * with no blocking point in between, instead of remembering per Java thread that it did.
 */
final class CudaDevice {
    private static final Map<Integer, CudaDevice> OPEN = new HashMap<>();
    /** Compiled images per process, by source and architecture, shared by all devices of that architecture. */
    private static final Map<String, Nvrtc.Image> IMAGES = new ConcurrentHashMap<>();

    final CudaDriver driver;
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
    private final Map<KernelSource, MemorySegment> modules = new EnumMap<>(KernelSource.class);
    private ReductionScratch scratch;
    /** Stream synchronisations started, and the newest one finished (see {@link #uploadAsync}). */
    private final AtomicLong syncsStarted = new AtomicLong();
    private final AtomicLong syncsFinished = new AtomicLong();
    private final Map<String, Kernel> kernels = new HashMap<>();

    private CudaDevice(CudaDriver driver, int ordinal, LibrarySearch search) {
        this.driver = driver;
        this.ordinal = ordinal;
        int device = driver.device(ordinal);
        name = driver.deviceName(device);
        architecture = 10 * driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device)
                + driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        multiprocessors = driver.attribute(CudaDriver.ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
        memoryPools = driver.attribute(CudaDriver.ATTRIBUTE_MEMORY_POOLS_SUPPORTED, device) == 1;
        driverVersion = driver.driverVersion();
        context = driver.retainPrimaryContext(device);
        makeCurrent();
        stream = driver.createStream();
        int maxMajor = driverVersion / 1000;
        Cublas.Functions blas = Cublas.Functions.bind(NativeLibraries.load(CudaLibrary.CUBLAS, search, maxMajor));
        makeCurrent();
        cublas = new Cublas(blas, stream);
        nvrtc = Nvrtc.load(search, maxMajor);
    }

    /**
     * The device {@code ordinal}, opened, its kernels compiled, and checked with a test kernel and a
     * test GEMM (cached for the process).
     *
     * @throws CudaException saying what is missing or failed: the driver, a device, cuBLAS, NVRTC, the test
     */
    static synchronized CudaDevice open(int ordinal, CudaEnvironment environment) {
        CudaDevice device = OPEN.get(ordinal);
        if (device == null) {
            LibrarySearch search = new LibrarySearch(environment);
            CudaDriver driver = CudaDriver.load(search);
            driver.init();
            int count = driver.deviceCount();
            if (count == 0) {
                throw new CudaException("the NVIDIA driver found no CUDA device");
            }
            if (ordinal >= count) {
                throw new CudaException("cuda:" + ordinal + " asked for, but this machine has " + count
                        + " CUDA device" + (count == 1 ? "" : "s") + " (cuda:0 to cuda:" + (count - 1) + ")");
            }
            device = new CudaDevice(driver, ordinal, search);
            device.selfTest();
            OPEN.put(ordinal, device);
        }
        return device;
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
    private synchronized MemorySegment module(KernelSource source) {
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
        makeCurrent();
        return memoryPools ? driver.allocate(Math.max(bytes, 4), stream) : driver.allocate(Math.max(bytes, 4));
    }

    /** Frees after the work queued so far; with memory pools it waits for nothing (safe from any thread). */
    void free(long pointer) {
        makeCurrent();
        if (memoryPools) {
            driver.free(pointer, stream);
        } else {
            driver.free(pointer);
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
        makeCurrent();
        driver.copyToDevice(destination, source, bytes, stream);
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
        makeCurrent();
        driver.copyToHost(destination, source, bytes, stream);
        synchronize();
    }

    /** Waits for everything queued on the stream so far. */
    void synchronize() {
        long id = syncsStarted.incrementAndGet();
        makeCurrent();
        driver.synchronize(stream);
        syncsFinished.accumulateAndGet(id, Math::max);
    }

    /** {@link Cublas#gemm} with this device's context current, set inside cuBLAS's lock right before the call. */
    void gemm(boolean float64, boolean transA, boolean transB, int m, int n, int k, double alpha,
              long a, int aCols, long b, int bCols, double beta, long c) {
        synchronized (cublas) {
            makeCurrent();
            cublas.gemm(float64, transA, transB, m, n, k, alpha, a, aCols, b, bCols, beta, c);
        }
    }

    /** Queues setting {@code words} 32-bit words at {@code pointer} to zero. */
    void zero(long pointer, long words) {
        makeCurrent();
        driver.fill32(pointer, 0, words, stream);
    }

    /** Queues a copy of {@code bytes} within the device. */
    void copy(long destination, long source, long bytes) {
        makeCurrent();
        driver.copyOnDevice(destination, source, bytes, stream);
    }

    /** "cuda:0 (NVIDIA H100 80GB HBM3, sm_90, 132 multiprocessors, driver for CUDA 13.0)". */
    String describe() {
        return "cuda:" + ordinal + " (" + name + ", sm_" + architecture + ", " + multiprocessors
                + " multiprocessors, driver for CUDA " + driverVersion / 1000 + "." + driverVersion % 1000 / 10 + ")";
    }

    /**
     * Compiles and loads every kernel source, then runs a gather kernel and a 2x2 GEMM and checks
     * their results: NVRTC, module loading, launches and cuBLAS all work.
     */
    private void selfTest() {
        for (KernelSource source : KernelSource.values()) {
            module(source);
        }
        try (Arena arena = Arena.ofConfined()) {
            long rows = allocate(12);
            long order = allocate(12);
            long gathered = allocate(12);
            long a = allocate(16);
            long b = allocate(16);
            long product = allocate(16);
            upload(rows, arena.allocateFrom(JAVA_FLOAT, 10, 20, 30), 12);
            upload(order, arena.allocateFrom(JAVA_INT, 2, 0, 1), 12);
            kernel(KernelSource.GATHER, "gather_rows_f32").args()
                    .pointer(rows).pointer(order).i32(0).i32(3).i32(1).pointer(gathered).launchOver(3);
            upload(a, arena.allocateFrom(JAVA_FLOAT, 1, 2, 3, 4), 16);
            upload(b, arena.allocateFrom(JAVA_FLOAT, 5, 6, 7, 8), 16);
            gemm(false, false, false, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, product);
            MemorySegment host = arena.allocate(JAVA_FLOAT, 7);
            download(host, gathered, 12);
            download(host.asSlice(12), product, 16);
            for (long pointer : new long[] {rows, order, gathered, a, b, product}) {
                free(pointer);
            }
            float[] got = host.toArray(JAVA_FLOAT);
            float[] expected = {30, 10, 20, 19, 22, 43, 50};
            if (!Arrays.equals(got, expected)) {
                throw new CudaException("self-test on " + describe() + " gave " + Arrays.toString(got)
                        + ", expected " + Arrays.toString(expected) + " (a gather, then a 2x2 SGEMM)");
            }
        }
    }
}
