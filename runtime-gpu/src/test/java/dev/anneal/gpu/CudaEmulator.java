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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
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
     * waits (cuMemFree_v2 included), kernel launches, GEMMs, blocks run and stream-ordered frees.
     */
    static Traffic traffic() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 8);
            function("anneal_emu_counters", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(out);
            long[] c = out.toArray(ValueLayout.JAVA_LONG);
            return new Traffic(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Makes the calling OS thread lose its current context, as a virtual thread sees it after moving to a carrier without one. */
    static void dropContext() {
        try {
            function("anneal_emu_drop_context", FunctionDescriptor.ofVoid()).invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        if (built == null) {
            throw new IllegalStateException("the CUDA emulator is not in use");
        }
        return Linker.nativeLinker().downcallHandle(
                SymbolLookup.libraryLookup(built.resolve("libcuda.so.1"), Arena.global()).findOrThrow(name), descriptor);
    }

    /** Calls the emulator counted (see {@link #traffic}). */
    record Traffic(long allocations, long uploads, long downloads, long waits, long launches, long gemms, long blocks,
                   long frees) {
        Traffic minus(Traffic earlier) {
            return new Traffic(allocations - earlier.allocations, uploads - earlier.uploads, downloads - earlier.downloads,
                    waits - earlier.waits, launches - earlier.launches, gemms - earlier.gemms, blocks - earlier.blocks,
                    frees - earlier.frees);
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
            deleteTree(folder.resolve("modules"));  // kernel libraries the emulator's NVRTC built in earlier runs
            for (String name : List.of("cuda_emulator.cpp", "emulated_kernel.h")) {
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
