package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The NVRTC binding against NVIDIA's real NVRTC, without a GPU: every kernel source compiles with
 * the runtime's own options to a CUBIN for sm_80 and sm_90 that holds exactly the entry points Java
 * launches and fits the launch sizes Java uses. NVRTC is the one Maven fetched (NVRTC 12.4 from
 * Debian, see nvidia-libs.sh) or else one the usual library search finds (e.g. NVIDIA's wheel via
 * ANNEAL_CUDA_LIBS); skipped, saying so, where there is neither.
 */
class NvrtcCompileTest {
    private static final int EM_CUDA = 190;
    private static final Pattern TEXT_SECTION = Pattern.compile("\\.text\\.(\\w+)\0");
    private static final Pattern ENTRY = Pattern.compile("Compiling entry function '(\\w+)' for 'sm_(\\d+)'");
    private static final Pattern USAGE = Pattern.compile("Used (\\d+) registers(?:, (\\d+) bytes smem)?");
    private static Nvrtc nvrtc;
    private static String problem;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadNvrtc() {
        Path fetched = FetchedNvidiaLibraries.folder();
        CudaEnvironment environment = fetched != null ? FetchedNvidiaLibraries.only(fetched) : CudaEnvironment.current();
        try {
            nvrtc = Nvrtc.load(new LibrarySearch(environment), 0);
            Path folder = Path.of(nvrtc.library.target()).getParent();
            if (folder != null && Files.exists(folder.resolve("cuda_emulator.cpp"))) {
                // A trial of the GPU bundle on the emulator (ANNEAL_CUDA_LIBS): its NVRTC makes no CUBIN.
                problem = "the NVRTC found is the CUDA emulator's (" + nvrtc.library.target() + "), which compiles to no CUBIN";
                nvrtc = null;
            }
        } catch (CudaException e) {
            problem = (fetched == null ? FetchedNvidiaLibraries.absence() + "; and " : "") + e.getMessage().lines().findFirst().orElse("");
        }
    }

    private static Nvrtc nvrtc() {
        Skips.unless(nvrtc != null, "NvrtcCompileTest", "no NVRTC: " + problem);
        return nvrtc;
    }

    /** Threads per block Java launches each kernel with (CudaBackend, Kernel.launchOver). */
    private static int launchThreads(String entry) {
        return entry.startsWith("column_sums") ? 32 * 32 : Kernel.BLOCK;
    }

    @ParameterizedTest
    @EnumSource(KernelSource.class)
    void everySourceCompilesToACubinForAmpereAndHopperWithEveryEntryFittingItsLaunch(KernelSource source) {
        for (int arch : new int[] {80, 90}) {
            Nvrtc.Image image = nvrtc().compile(source.text(), source.fileName, KernelSource.headers(), arch,
                    List.of("--ptxas-options=-v"));

            assertEquals("sm_" + arch, image.target());
            ByteBuffer elf = ByteBuffer.wrap(image.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 2}, Arrays.copyOf(image.bytes(), 5), "a 64-bit ELF file");
            assertEquals(EM_CUDA, elf.getShort(18), "e_machine EM_CUDA");
            assertEquals(arch, elf.getInt(48) & 0xff, "e_flags: the SM version");
            TreeSet<String> entries = new TreeSet<>();
            Matcher sections = TEXT_SECTION.matcher(new String(image.bytes(), StandardCharsets.ISO_8859_1));
            while (sections.find()) {
                entries.add(sections.group(1));
            }
            assertEquals(new TreeSet<>(source.entries), entries, source.fileName + " for sm_" + arch + ": the code sections");

            Map<String, int[]> usage = ptxasUsage(image.log(), arch);
            assertEquals(new TreeSet<>(source.entries), usage.keySet(), "ptxas's report:\n" + image.log());
            for (Map.Entry<String, int[]> entry : usage.entrySet()) {
                int threads = launchThreads(entry.getKey());
                int registers = entry.getValue()[0];
                int shared = entry.getValue()[1];
                String what = entry.getKey() + " for sm_" + arch + " (" + registers + " registers, " + shared
                        + " bytes shared, " + threads + " threads a block)";
                assertTrue(registers * threads <= 65_536, what + ": more registers than a multiprocessor has");
                assertTrue(shared <= 48 * 1024, what + ": more static shared memory than 48 KiB");
            }
        }
    }

    /** Per entry compiled for sm_{arch}: registers and static shared bytes, from ptxas's -v report. */
    private static Map<String, int[]> ptxasUsage(String log, int arch) {
        Map<String, int[]> usage = new TreeMap<>();
        String entry = null;
        for (String line : log.lines().toList()) {
            Matcher e = ENTRY.matcher(line);
            if (e.find()) {
                entry = Integer.parseInt(e.group(2)) == arch ? e.group(1) : null;
                continue;
            }
            Matcher u = USAGE.matcher(line);
            if (entry != null && u.find()) {
                usage.put(entry, new int[] {Integer.parseInt(u.group(1)), u.group(2) == null ? 0 : Integer.parseInt(u.group(2))});
                entry = null;
            }
        }
        return usage;
    }

    @Test
    void compileErrorNamesTheSourceTheArchitectureAndTheCompilerLog() {
        Nvrtc compiler = nvrtc();  // skips here, not inside assertThrows, where NVRTC is missing

        CudaException e = assertThrows(CudaException.class, () -> compiler.compile(
                "extern \"C\" __global__ void broken(float* x) { x[0] = undeclared; }", "broken.cu", Map.of(), 90));

        assertTrue(e.getMessage().startsWith("NVRTC " + nvrtc.version() + " could not compile broken.cu with "
                + "--gpu-architecture=sm_90: NVRTC_ERROR_COMPILATION\n"), e.getMessage());
        assertTrue(e.getMessage().contains("identifier \"undeclared\" is undefined"), e.getMessage());
    }

    @Test
    void architectureUnknownToNvrtcFallsBackToPtxOfTheNewestOlderOne() {
        int unknown = 999;
        assertTrue(!nvrtc().supportedArchitectures().contains(unknown), nvrtc.supportedArchitectures().toString());
        int newest = nvrtc.supportedArchitectures().stream().max(Integer::compare).orElseThrow();

        Nvrtc.Image image = nvrtc.compile(KernelSource.GATHER.text(), "gather.cu", KernelSource.headers(), unknown);

        assertEquals("compute_" + newest + " PTX", image.target());
        String ptx = new String(image.bytes(), 0, image.bytes().length - 1);
        assertTrue(ptx.contains(".entry gather_rows_f32("), ptx);
        assertEquals(0, image.bytes()[image.bytes().length - 1]);
    }

    /** common.cuh's decision, checked on NVIDIA's compiler: with the runtime's options, multiply-adds fuse. */
    @Test
    void multiplyAddsFuseWithTheRuntimesOptions() {
        Nvrtc.Image image = nvrtc().compile(KernelSource.OPTIMIZERS.text(), "optimizers.cu", KernelSource.headers(), 999);

        String ptx = new String(image.bytes(), StandardCharsets.US_ASCII);
        String sgd = ptx.substring(ptx.indexOf(".entry sgd_f64("), ptx.indexOf(".entry", ptx.indexOf(".entry sgd_f64(") + 1));
        assertTrue(sgd.contains("fma.rn.f64"), "no fused multiply-add in sgd_f64:\n" + sgd);
    }

    /**
     * NVRTC opens its builtins library by soname when it compiles, and fails with
     * NVRTC_ERROR_BUILTIN_OPERATION_FAILURE when none is loaded: the search preloads the builtins of
     * NVRTC's own version, not another minor version sorted before it in the same folder.
     */
    @Test
    void builtinsOfNvrtcsOwnVersionAreLoadedBesideAnotherMinorVersion() throws IOException {
        Skips.unless(FetchedNvidiaLibraries.folder() != null, "NvrtcCompileTest (fetched NVRTC)", FetchedNvidiaLibraries.absence());
        Path fetched = FetchedNvidiaLibraries.folder();
        Path folder = Files.createDirectories(tmp.resolve("two-minor-versions"));
        for (String name : List.of("libnvrtc.so.12", "libnvrtc-builtins.so.12.4")) {
            Files.createSymbolicLink(folder.resolve(name), fetched.resolve(name).toRealPath());
        }
        Files.writeString(folder.resolve("libnvrtc-builtins.so.12.1"), "an older minor version's builtins, never loaded");

        Nvrtc found = Nvrtc.load(new LibrarySearch(FetchedNvidiaLibraries.only(folder)), 0);
        Nvrtc.Image image = found.compile(KernelSource.GATHER.text(), "gather.cu", KernelSource.headers(), 90);

        assertEquals("12.4", found.version());
        assertEquals("sm_90", image.target());
    }
}
