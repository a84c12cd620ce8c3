package dev.anneal.gpu;


import dev.anneal.runtime.backend.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The CUDA emulator: {@code emulator/cuda_emulator.cpp} in the test resources, a CPU stand-in for the
 * CUDA driver, cuBLAS and NVRTC (kernels compiled as C++ by the C++ compiler, each GPU thread a
 * fiber, so that barriers and warp shuffles work; see the file's header). The tests tagged
 * {@code gpu} get their backend from {@link #backend}: on a real GPU normally, and on the emulator
 * when {@code -Danneal.gpu.emulator=FOLDER} names a folder to build it in (Maven's
 * {@code gpu-emulated} Surefire execution does), so that CudaBackend's code runs in CI.
 */
public final class CudaEmulator {
    static final String PROPERTY = "anneal.gpu.emulator";
    private static final String RESOURCES = "emulator/";
    private static final List<String> SOURCES = List.of("cuda_emulator.cpp", "emulator_core.h", "emulator_kernels.h",
            "emulator_nvrtc.h", "emulator_blas.h", "emulated_kernel.h");
    private static final AtomicInteger FRESH = new AtomicInteger();
    private static Path built;

    private CudaEmulator() {
    }

    /**
     * The backend the GPU tests run on: {@code cuda:0} of this machine, or of the emulator when
     * {@code -Danneal.gpu.emulator} is set (aborting the caller's tests when no C++ compiler is there).
     */
    public static CudaBackend backend(Precision precision) {
        install();
        return CudaBackend.create(0, precision);
    }

    /**
     * When {@code -Danneal.gpu.emulator} names a folder: builds the emulator there and points the
     * CUDA library search ({@code -Danneal.cuda.libs}) at it, so that {@code cuda} and {@code auto}
     * find it from then on in this JVM. Aborts the caller's tests when no C++ compiler is there.
     *
     * @return whether the emulator is in use
     */
    public static boolean install() {
        String folder = System.getProperty(PROPERTY);
        if (folder == null || folder.isBlank()) {
            return false;
        }
        System.setProperty(CudaEnvironment.LIBS_PROPERTY, build(Path.of(folder)).toString());
        return true;
    }

    /**
     * The emulator's call counts so far, in this process: allocations, uploads, downloads, stream
     * waits (cuMemFree_v2 included), kernel launches, GEMMs, blocks run, stream-ordered frees, memory
     * pool growths, graph launches and captures.
     */
    static Traffic traffic() {
        return shared().traffic();
    }

    /** Makes the calling OS thread lose its current context, as a virtual thread sees it after moving to a carrier without one. */
    static void dropContext() {
        shared().call("anneal_emu_drop_context");
    }

    /** The emulator the GPU tests share (its libraries in the {@code -Danneal.gpu.emulator} folder). */
    static Instance shared() {
        if (built == null) {
            throw new IllegalStateException("the CUDA emulator is not in use");
        }
        return new Instance(built);
    }

    /**
     * Another emulated GPU, with state of its own, as another process would see it: a copy of the
     * emulator's library in a folder of its own (a library is loaded once per file). A test that
     * breaks a GPU (a fault sticks to it for good) breaks this one, not the one the other tests share.
     *
     * @param withCublas whether the folder has cuBLAS (without it, opening the GPU fails after the context is made)
     */
    static Instance fresh(boolean withCublas) {
        Path main = shared().folder();
        Path folder = main.resolve("fresh-" + ProcessHandle.current().pid() + "-" + FRESH.incrementAndGet());
        try {
            Files.createDirectories(folder);
            Path library = folder.resolve("libcuda.so.1");
            Files.copy(main.resolve("libcuda.so.1"), library);
            Files.copy(main.resolve("emulated_kernel.h"), folder.resolve("emulated_kernel.h"));
            Files.createLink(folder.resolve("libnvrtc.so.12"), library);
            // Kernel modules compiled by any copy serve every copy (each loads its own copy of the module).
            Files.createSymbolicLink(folder.resolve("modules"), Files.createDirectories(main.resolve("modules")));
            if (withCublas) {
                Files.createLink(folder.resolve("libcublas.so.12"), library);
            }
            return new Instance(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the CUDA emulator into " + folder, e);
        }
    }

    /** One emulated GPU: the folder of its libraries, and its test hooks. */
    record Instance(Path folder) {

        /** A library search that finds this emulator's libraries only. */
        CudaEnvironment environment() {
            return new CudaEnvironment(Map.of(CudaEnvironment.LIBS_VARIABLE, folder.toString()), null, null, List.of(), List.of(), false);
        }

        /** This GPU, opened (once per process). */
        CudaDevice open() {
            return OpenDevices.open(0, environment());
        }

        Traffic traffic() {
            long[] c = longs("anneal_emu_counters", 11);
            return new Traffic(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
        }

        /** What is alive: primary context retains, streams, cuBLAS handles, device allocations. */
        long[] live() {
            return longs("anneal_emu_live", 4);
        }

        /** The multiprocessors the GPU reports from now on (2 by default; an H100 has 132). */
        void configure(int multiprocessors) {
            try {
                function("anneal_emu_configure", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)).invokeExact(multiprocessors);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }

        /** The next run of kernel {@code name} faults with the CUDA error {@code code} (700: an illegal address). */
        void fault(String name, int code) {
            try (Arena arena = Arena.ofConfined()) {
                function("anneal_emu_fault", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT))
                        .invokeExact(arena.allocateFrom(name), code);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }

        /** Has each cuLaunchKernel run {@code callback} first, before it queues the launch (null: none). */
        void onLaunch(Runnable callback) {
            try {
                MemorySegment stub = callback == null ? MemorySegment.NULL : Linker.nativeLinker().upcallStub(
                        MethodHandles.lookup().findVirtual(Runnable.class, "run", MethodType.methodType(void.class)).bindTo(callback),
                        FunctionDescriptor.ofVoid(), Arena.global());
                function("anneal_emu_on_launch", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(stub);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }

        private void call(String name) {
            try {
                function(name, FunctionDescriptor.ofVoid()).invokeExact();
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }

        private long[] longs(String name, int count) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, count);
                function(name, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(out);
                return out.toArray(ValueLayout.JAVA_LONG);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }

        private MethodHandle function(String name, FunctionDescriptor descriptor) {
            return Linker.nativeLinker().downcallHandle(
                    SymbolLookup.libraryLookup(folder.resolve("libcuda.so.1"), Arena.global()).findOrThrow(name), descriptor);
        }
    }

    /** Calls the emulator counted (see {@link #traffic}). */
    record Traffic(long allocations, long uploads, long downloads, long waits, long launches, long gemms, long blocks,
                   long frees, long poolGrowths, long graphLaunches, long captures) {
        Traffic minus(Traffic earlier) {
            return new Traffic(allocations - earlier.allocations, uploads - earlier.uploads, downloads - earlier.downloads,
                    waits - earlier.waits, launches - earlier.launches, gemms - earlier.gemms, blocks - earlier.blocks,
                    frees - earlier.frees, poolGrowths - earlier.poolGrowths, graphLaunches - earlier.graphLaunches,
                    captures - earlier.captures);
        }
    }

    /**
     * Builds the emulator into {@code folder} (once per JVM): libcuda.so.1, linked as libcublas.so.12
     * and libnvrtc.so.12 (it reports a driver for CUDA 12.4), with the kernel shim beside them.
     */
    static synchronized Path build(Path folder) {
        if (built != null) {
            return built;
        }
        try {
            Path compiler = KernelSourcesCompileTest.onPath("c++");
            Skips.unlessOutsideCi(compiler != null, "tests on the CUDA emulator", "no C++ compiler (c++) on the PATH to build the emulator with");
            Files.createDirectories(folder);
            // kernel libraries the emulator's NVRTC built, and fresh copies of the emulator, in earlier runs
            deleteTree(folder.resolve("modules"));
            try (Stream<Path> old = Files.list(folder)) {
                for (Path path : old.filter(p -> p.getFileName().toString().startsWith("fresh-")).toList()) {
                    deleteTree(path);
                }
            }
            for (String name : SOURCES) {
                try (InputStream in = CudaEmulator.class.getResourceAsStream(RESOURCES + name)) {
                    Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path library = folder.resolve("libcuda.so.1");
            // -z noexecstack: the fiber switch is assembly, and a library asking for an executable stack
            // makes the JVM warn that it "might have disabled stack guard".
            Process process = new ProcessBuilder(compiler.toString(), "-std=c++17", "-O2", "-shared", "-fPIC", "-Wl,-z,noexecstack", "-o",
                    library.toString(), folder.resolve("cuda_emulator.cpp").toString(), "-ldl")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the CUDA emulator did not compile:\n" + output);
            }
            for (String name : List.of("libcublas.so.12", "libnvrtc.so.12")) {
                // One file under three names: the dynamic linker loads it once, so the three share its state.
                Files.deleteIfExists(folder.resolve(name));
                Files.createLink(folder.resolve(name), library);
            }
            built = folder;
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the CUDA emulator in " + folder, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the CUDA emulator", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
