package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hand-written bindings of NVRTC: compiles CUDA C source into a CUBIN for the device's exact
 * architecture, or into PTX for the newest architecture NVRTC knows when it does not know the
 * device's (the driver then compiles the PTX).
 */
final class Nvrtc {
    /** A compiled image for {@code cuModuleLoadData}: CUBIN bytes, or PTX text ending in NUL; and NVRTC's log. */
    record Image(byte[] bytes, String target, String log) {
    }

    final NativeLibraries.Loaded library;
    private final MethodHandle createProgram;
    private final MethodHandle compileProgram;
    private final MethodHandle destroyProgram;
    private final MethodHandle logSize;
    private final MethodHandle log;
    private final MethodHandle cubinSize;
    private final MethodHandle cubin;
    private final MethodHandle ptxSize;
    private final MethodHandle ptx;
    private final MethodHandle errorString;
    private final MethodHandle version;
    private final Optional<MethodHandle> supportedArchCount;
    private final Optional<MethodHandle> supportedArchs;

    Nvrtc(NativeLibraries.Loaded library) {
        this.library = library;
        FunctionDescriptor sizeOut = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        createProgram = Native.function(library, "nvrtcCreateProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        compileProgram = Native.function(library, "nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        destroyProgram = Native.function(library, "nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        logSize = Native.function(library, "nvrtcGetProgramLogSize", sizeOut);
        log = Native.function(library, "nvrtcGetProgramLog", sizeOut);
        cubinSize = Native.function(library, "nvrtcGetCUBINSize", sizeOut);
        cubin = Native.function(library, "nvrtcGetCUBIN", sizeOut);
        ptxSize = Native.function(library, "nvrtcGetPTXSize", sizeOut);
        ptx = Native.function(library, "nvrtcGetPTX", sizeOut);
        errorString = Native.function(library, "nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        version = Native.function(library, "nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        supportedArchCount = Native.optionalFunction(library, "nvrtcGetNumSupportedArchs", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        supportedArchs = Native.optionalFunction(library, "nvrtcGetSupportedArchs", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /**
     * Opens NVRTC (no newer than CUDA {@code maxMajor}; 0 for no limit) and preloads the builtins
     * library of its exact version from the same folder: NVRTC opens {@code libnvrtc-builtins.so.M.m}
     * by soname when it compiles, which finds nothing in a folder off the linker's path, and another
     * minor version there is the wrong one.
     */
    static Nvrtc load(LibrarySearch search, int maxMajor) {
        Nvrtc nvrtc = new Nvrtc(NativeLibraries.load(CudaLibrary.NVRTC, search, maxMajor));
        LibrarySearch.nvrtcBuiltins(nvrtc.library.target(), nvrtc.version()).ifPresent(builtins -> {
            try {
                NativeLibraries.open(builtins.toString());
            } catch (IllegalArgumentException e) {
                throw new CudaException("NVRTC's builtins library " + builtins + " did not load (" + e.getMessage() + ")", e);
            }
        });
        return nvrtc;
    }

    /**
     * The options the runtime compiles with: the architecture, C++17, and nothing that changes the
     * numbers, so NVRTC's defaults hold (among them {@code --fmad=true}: multiply-adds fuse, see
     * common.cuh).
     */
    static List<String> options(String architectureOption) {
        return List.of(architectureOption, "--std=c++17");
    }

    /** "12.4". */
    String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check((int) version.invokeExact(major, minor), "nvrtcVersion");
            return major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The architectures (e.g. 90 for sm_90) this NVRTC compiles for; empty when it cannot say. */
    List<Integer> supportedArchitectures() {
        if (supportedArchCount.isEmpty() || supportedArchs.isEmpty()) {
            return List.of();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            check((int) supportedArchCount.get().invokeExact(count), "nvrtcGetNumSupportedArchs");
            MemorySegment archs = arena.allocate(JAVA_INT, count.get(JAVA_INT, 0));
            check((int) supportedArchs.get().invokeExact(archs), "nvrtcGetSupportedArchs");
            List<Integer> result = new ArrayList<>();
            for (int arch : archs.toArray(JAVA_INT)) {
                result.add(arch);
            }
            return result;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Compiles {@code source} for compute capability {@code arch} (e.g. 90): a CUBIN when NVRTC knows
     * sm_{arch}, else PTX for the newest older architecture it knows. {@code headers} maps include
     * names to their text.
     */
    Image compile(String source, String name, Map<String, String> headers, int arch) {
        return compile(source, name, headers, arch, List.of());
    }

    /** As {@link #compile(String, String, Map, int)}, with {@code extra} options after the runtime's (e.g. for ptxas's report). */
    Image compile(String source, String name, Map<String, String> headers, int arch, List<String> extra) {
        List<Integer> known = supportedArchitectures();
        boolean exact = known.isEmpty() || known.contains(arch);
        int target = exact ? arch : known.stream().filter(a -> a <= arch).max(Integer::compare).orElseThrow(() ->
                new CudaException("NVRTC " + version() + " cannot compile for sm_" + arch + " or any older architecture; it knows " + known));
        String option = exact ? "--gpu-architecture=sm_" + target : "--gpu-architecture=compute_" + target;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment programOut = arena.allocate(ADDRESS);
            MemorySegment headerTexts = arena.allocate(ADDRESS, Math.max(1, headers.size()));
            MemorySegment headerNames = arena.allocate(ADDRESS, Math.max(1, headers.size()));
            int h = 0;
            for (Map.Entry<String, String> header : headers.entrySet()) {
                headerNames.setAtIndex(ADDRESS, h, arena.allocateFrom(header.getKey()));
                headerTexts.setAtIndex(ADDRESS, h, arena.allocateFrom(header.getValue()));
                h++;
            }
            check((int) createProgram.invokeExact(programOut, arena.allocateFrom(source), arena.allocateFrom(name),
                    headers.size(), headerTexts, headerNames), "nvrtcCreateProgram(" + name + ")");
            MemorySegment program = programOut.get(ADDRESS, 0);
            Throwable failure = null;
            try {
                List<String> options = new ArrayList<>(options(option));
                options.addAll(extra);
                MemorySegment optionArray = arena.allocate(ADDRESS, options.size());
                for (int i = 0; i < options.size(); i++) {
                    optionArray.setAtIndex(ADDRESS, i, arena.allocateFrom(options.get(i)));
                }
                int result = (int) compileProgram.invokeExact(program, options.size(), optionArray);
                if (result != 0) {
                    throw new CudaException("NVRTC " + version() + " could not compile " + name + " with " + option + ": "
                            + errorName(result) + "\n" + programLog(program, arena));
                }
                MemorySegment size = arena.allocate(JAVA_LONG);
                check(exact ? (int) cubinSize.invokeExact(program, size) : (int) ptxSize.invokeExact(program, size),
                        exact ? "nvrtcGetCUBINSize" : "nvrtcGetPTXSize");
                MemorySegment image = arena.allocate(size.get(JAVA_LONG, 0));
                check(exact ? (int) cubin.invokeExact(program, image) : (int) ptx.invokeExact(program, image),
                        exact ? "nvrtcGetCUBIN" : "nvrtcGetPTX");
                return new Image(image.toArray(JAVA_BYTE), exact ? "sm_" + target : "compute_" + target + " PTX",
                        programLog(program, arena));
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                int destroyed = (int) destroyProgram.invokeExact(programOut);
                if (destroyed != 0) {
                    CudaException e = new CudaException("nvrtcDestroyProgram(" + name + ") failed: " + errorName(destroyed));
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);  // the compile error says more; the destroy error stays attached
                }
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private String programLog(MemorySegment program, Arena arena) throws Throwable {
        MemorySegment size = arena.allocate(JAVA_LONG);
        check((int) logSize.invokeExact(program, size), "nvrtcGetProgramLogSize");
        MemorySegment text = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        check((int) log.invokeExact(program, text), "nvrtcGetProgramLog");
        return text.getString(0);
    }

    private void check(int result, String call) throws Throwable {
        if (result != 0) {
            throw new CudaException(call + " failed: " + errorName(result));
        }
    }

    private String errorName(int result) throws Throwable {
        return Native.string((MemorySegment) errorString.invokeExact(result));
    }
}
