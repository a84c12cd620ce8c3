package dev.anneal.runtime.nd4j;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of OpenBLAS's kernel sets the process uses. The OpenBLAS that ND4J ships (0.3.19, built for
 * every x86-64 core) picks its kernels from the CPU's model number, and takes CPUs it does not know
 * for the last one it does: on a Zen 5 EPYC with AVX-512 it runs the AVX2 "Haswell" kernels, and
 * its SGEMMs take 1.9x as long as with the AVX-512 "SkylakeX" ones. So, on Linux, before ND4J loads
 * OpenBLAS, an AVX-512 CPU (F, BW, DQ, VL) gets {@code OPENBLAS_CORETYPE=SkylakeX}, the kernels
 * OpenBLAS itself uses for AVX-512 CPUs it knows. A value the user exported is kept, and so is
 * {@code OPENBLAS_CORETYPE=} (empty) or any other name a user sets to choose for themselves.
 *
 * <p>The variable has to be in the C environment when OpenBLAS initialises, so it is set with the
 * C library's {@code setenv} through Java's foreign-function API (Java 22 and later, found by
 * reflection so that the module still runs on Java 17, where nothing is set). After OpenBLAS is
 * loaded, setting it changes nothing: {@link #select()} must run before ND4J's first use, which
 * {@link CpuBackend#create(dev.anneal.runtime.backend.Precision, int)} ensures when it is the first.
 *
 * <pre>{@code
 * OPENBLAS_CORETYPE=Haswell java ...     // a user's own choice wins
 * }</pre>
 */
final class OpenBlasCore {
    static final String VARIABLE = "OPENBLAS_CORETYPE";
    private static final String AVX512 = "SkylakeX";
    private static final List<String> AVX512_FLAGS = List.of("avx512f", "avx512bw", "avx512dq", "avx512vl");
    private static String description;

    private OpenBlasCore() {
    }

    /** Sets {@code OPENBLAS_CORETYPE} when it should be (once per process); returns what was decided. */
    static synchronized String select() {
        if (description == null) {
            description = decide();
        }
        return description;
    }

    private static String decide() {
        String own = System.getenv(VARIABLE);
        if (own != null) {
            return VARIABLE + "=" + own + " (from the environment)";
        }
        String core = wanted(own, System.getProperty("os.name", ""), cpuFlags());
        if (core == null) {
            return "OpenBLAS's own choice";
        }
        return setenv(VARIABLE, core)
                ? VARIABLE + "=" + core + " (AVX-512 CPU)"
                : "OpenBLAS's own choice (" + VARIABLE + " could not be set: needs Java 22+)";
    }

    /**
     * The kernel set to ask OpenBLAS for, or null to leave the choice to it: SkylakeX on Linux with
     * AVX-512 (F, BW, DQ, VL), unless the user set {@code OPENBLAS_CORETYPE} ({@code own}) themselves.
     */
    static String wanted(String own, String osName, Set<String> cpuFlags) {
        boolean linux = osName.toLowerCase(java.util.Locale.ROOT).contains("linux");
        return own == null && linux && cpuFlags.containsAll(AVX512_FLAGS) ? AVX512 : null;
    }

    private static Set<String> cpuFlags() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /** The C library's {@code setenv(name, value, 0)}, through java.lang.foreign when there is one. */
    private static boolean setenv(String name, String value) {
        try {
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
            Class<?> allocatorType = Class.forName("java.lang.foreign.SegmentAllocator");

            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) lookupType.getMethod("find", String.class).invoke(libc, "setenv");
            if (symbol.isEmpty()) {
                return false;
            }
            Object address = valueLayout.getField("ADDRESS").get(null);
            Object[] arguments = (Object[]) Array.newInstance(layoutType, 3);
            arguments[0] = address;
            arguments[1] = address;
            arguments[2] = valueLayout.getField("JAVA_INT").get(null);
            Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass())
                    .invoke(null, valueLayout.getField("JAVA_INT").get(null), arguments);
            Object noOptions = Array.newInstance(optionType, 0);
            MethodHandle call = (MethodHandle) linkerType
                    .getMethod("downcallHandle", segmentType, descriptorType, noOptions.getClass())
                    .invoke(linker, symbol.get(), descriptor, noOptions);
            Object arena = arenaType.getMethod("global").invoke(null);
            var allocate = allocatorType.getMethod("allocateFrom", String.class);
            Object result = call.invokeWithArguments(allocate.invoke(arena, name), allocate.invoke(arena, value), 0);
            return Integer.valueOf(0).equals(result);
        } catch (Throwable e) {
            return false;
        }
    }
}
