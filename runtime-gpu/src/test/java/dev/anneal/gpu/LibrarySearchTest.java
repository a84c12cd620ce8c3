package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrarySearchTest {

    @TempDir
    Path tmp;

    private Path fakeLibrary(String folder, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(folder));
        return Files.createFile(dir.resolve(name));
    }

    private LibrarySearch search(Map<String, String> env, String property) {
        return new LibrarySearch(new CudaEnvironment(env, property, null, List.of(), List.of(), false));
    }

    private static List<String> targets(List<LibrarySearch.Candidate> candidates) {
        return candidates.stream().map(LibrarySearch.Candidate::target).toList();
    }

    @Test
    void explicitFolderComesBeforeCudaHomeAndLdLibraryPath() throws IOException {
        Path explicit = fakeLibrary("explicit", "libcublas.so.11");
        Path toolkit = fakeLibrary("cuda/lib64", "libcublas.so.12");
        Path ld = fakeLibrary("ld", "libcublas.so.13");
        Map<String, String> env = Map.of("CUDA_HOME", tmp.resolve("cuda").toString(),
                "LD_LIBRARY_PATH", tmp.resolve("ld").toString());

        List<LibrarySearch.Candidate> found = search(env, explicit.getParent().toString()).candidates(CudaLibrary.CUBLAS);

        assertEquals(List.of(explicit.toString(), toolkit.toString(), ld.toString()), targets(found));
        assertEquals(List.of("-Danneal.cuda.libs", "CUDA_HOME", "LD_LIBRARY_PATH"),
                found.stream().map(LibrarySearch.Candidate::origin).toList());
    }

    @Test
    void newerSonameComesFirstWithinAFolder() throws IOException {
        Path v11 = fakeLibrary("libs", "libnvrtc.so.11.2");
        Path v13 = fakeLibrary("libs", "libnvrtc.so.13");
        Path v12 = fakeLibrary("libs", "libnvrtc.so.12");

        List<LibrarySearch.Candidate> found = search(Map.of("ANNEAL_CUDA_LIBS", v11.getParent().toString()), null)
                .candidates(CudaLibrary.NVRTC);

        assertEquals(List.of(v13.toString(), v12.toString(), v11.toString()), targets(found));
        assertEquals(List.of("13", "12", "11.2"), found.stream().map(LibrarySearch.Candidate::version).toList());
    }

    @Test
    void nvrtc11IsFoundByItsSonameLibnvrtcSo112() throws IOException {
        Path v11 = fakeLibrary("libs", "libnvrtc.so.11.2");
        fakeLibrary("libs", "libnvrtc.so.11");  // no NVRTC 11 ships this name

        List<LibrarySearch.Candidate> found = search(Map.of("ANNEAL_CUDA_LIBS", v11.getParent().toString()), null)
                .candidates(CudaLibrary.NVRTC);

        assertEquals(List.of(v11.toString()), targets(found));
        assertEquals(11, CudaLibrary.major(found.getFirst().version()));
        assertTrue(search(Map.of(), null).notFound(CudaLibrary.NVRTC)
                .startsWith("NVRTC not found (libnvrtc.so.13, libnvrtc.so.12 or libnvrtc.so.11.2)\n"));
    }

    @Test
    void toolkitTargetsFolderIsSearchedUnderCudaPath() throws IOException {
        Path lib = fakeLibrary("toolkit/targets/x86_64-linux/lib", "libnvrtc.so.12");

        List<LibrarySearch.Candidate> found = search(Map.of("CUDA_PATH", tmp.resolve("toolkit").toString()), null)
                .candidates(CudaLibrary.NVRTC);

        assertEquals(List.of(lib.toString()), targets(found));
        assertEquals("CUDA_PATH", found.getFirst().origin());
    }

    @Test
    void pythonWheelsAreFoundThroughTheVirtualEnvironmentOnPath() throws IOException {
        Path python = fakeLibrary("venv/bin", "python3");
        Path cublas = fakeLibrary("venv/lib/python3.12/site-packages/nvidia/cu13/lib", "libcublas.so.13");
        Path nvrtc = fakeLibrary("venv/lib/python3.12/site-packages/nvidia/cuda_nvrtc/lib", "libnvrtc.so.12");
        Map<String, String> env = Map.of("PATH", python.getParent().toString());

        assertEquals(List.of(cublas.toString()), targets(search(env, null).candidates(CudaLibrary.CUBLAS)));
        LibrarySearch.Candidate found = search(env, null).candidates(CudaLibrary.NVRTC).getFirst();
        assertEquals(nvrtc.toString(), found.target());
        assertEquals("NVIDIA Python wheels", found.origin());
    }

    @Test
    void pythonWheelsAreFoundUnderVirtualEnvVariable() throws IOException {
        Path cublas = fakeLibrary("env/lib/python3.11/site-packages/nvidia/cublas/lib", "libcublas.so.12");

        List<LibrarySearch.Candidate> found = search(Map.of("VIRTUAL_ENV", tmp.resolve("env").toString()), null)
                .candidates(CudaLibrary.CUBLAS);

        assertEquals(List.of(cublas.toString()), targets(found));
    }

    @Test
    void driverIsNotLookedForInPythonWheels() throws IOException {
        fakeLibrary("env/lib/python3.11/site-packages/nvidia/cuda_runtime/lib", "libcuda.so.1");

        LibrarySearch search = search(Map.of("VIRTUAL_ENV", tmp.resolve("env").toString()), null);

        assertEquals(List.of(), search.candidates(CudaLibrary.DRIVER));
        assertTrue(search.groups(CudaLibrary.DRIVER).stream().noneMatch(g -> g.name().contains("Python")));
    }

    @Test
    void sameFileReachedTwiceIsTriedOnce() throws IOException {
        Path lib = fakeLibrary("cuda/lib64", "libcublas.so.12");
        Map<String, String> env = Map.of("CUDA_HOME", tmp.resolve("cuda").toString(),
                "LD_LIBRARY_PATH", lib.getParent().toString());

        assertEquals(List.of(lib.toString()), targets(search(env, null).candidates(CudaLibrary.CUBLAS)));
    }

    @Test
    void linkerDefaultAddsBareSonamesLast() throws IOException {
        Path lib = fakeLibrary("libs", "libcublas.so.12");
        LibrarySearch search = new LibrarySearch(new CudaEnvironment(
                Map.of("LD_LIBRARY_PATH", lib.getParent().toString()), null, null, List.of(), List.of(), true));

        assertEquals(List.of(lib.toString(), "libcublas.so.13", "libcublas.so.12", "libcublas.so.11"),
                targets(search.candidates(CudaLibrary.CUBLAS)));
    }

    @Test
    void companionBesideTheLibraryIsFoundWithItsFullVersion() throws IOException {
        Path cublas = fakeLibrary("libs", "libcublas.so.12");
        Path cublasLt = fakeLibrary("libs", "libcublasLt.so.12");
        fakeLibrary("libs", "libcublasLt.so.11");
        LibrarySearch search = search(Map.of("ANNEAL_CUDA_LIBS", cublas.getParent().toString()), null);

        assertEquals(List.of(cublasLt), search.companions(search.candidates(CudaLibrary.CUBLAS).getFirst()));
        assertEquals(cublas.toString(), search.candidates(CudaLibrary.CUBLAS).getFirst().target());
    }

    @Test
    void nvrtcBuiltinsAreThoseOfNvrtcsOwnVersionNotTheAlphabeticallyFirst() throws IOException {
        Path nvrtc = fakeLibrary("libs", "libnvrtc.so.12");
        fakeLibrary("libs", "libnvrtc-builtins.so.12.1");
        fakeLibrary("libs", "libnvrtc-builtins.so.12.1.105");
        Path builtins = fakeLibrary("libs", "libnvrtc-builtins.so.12.4.127");
        fakeLibrary("libs", "libnvrtc-builtins.so.12.40");

        assertEquals(Optional.of(builtins), LibrarySearch.nvrtcBuiltins(nvrtc.toString(), "12.4"));
        assertEquals(Optional.empty(), LibrarySearch.nvrtcBuiltins(nvrtc.toString(), "12.6"));
        assertEquals(Optional.empty(), LibrarySearch.nvrtcBuiltins("libnvrtc.so.12", "12.4"));
    }

    @Test
    void notFoundMessageNamesTheLibraryAndEveryPlaceSearched() throws IOException {
        Path python = fakeLibrary("venv/bin", "python3");
        Files.createDirectories(tmp.resolve("venv/lib/python3.12/site-packages"));
        Map<String, String> env = new HashMap<>();
        env.put("CUDA_HOME", "/opt/cuda-x");
        env.put("LD_LIBRARY_PATH", "/a/b:/c/d");
        env.put("PATH", python.getParent().toString());
        LibrarySearch search = new LibrarySearch(new CudaEnvironment(env, null, null,
                List.of(Path.of("/usr/lib/x86_64-linux-gnu")), List.of(), true));

        String message = search.notFound(CudaLibrary.CUBLAS);

        String site = tmp.resolve("venv/lib/python3.12/site-packages").toRealPath().toString();
        assertEquals("""
                cuBLAS not found (libcublas.so.13, libcublas.so.12 or libcublas.so.11)
                Searched:
                  -Danneal.cuda.libs: not set
                  ANNEAL_CUDA_LIBS: not set
                  CUDA_HOME: /opt/cuda-x/lib64:/opt/cuda-x/lib:/opt/cuda-x/targets/x86_64-linux/lib:/opt/cuda-x/targets/sbsa-linux/lib
                  CUDA_PATH: not set
                  LD_LIBRARY_PATH: /a/b:/c/d
                  NVIDIA Python wheels: none under %s/nvidia/*/lib
                  system folders: /usr/lib/x86_64-linux-gnu
                  the dynamic linker's search (ld.so.cache and its default folders)
                Install the CUDA toolkit or NVIDIA's Python wheel (nvidia-cublas), or point -Danneal.cuda.libs or ANNEAL_CUDA_LIBS at the folder holding libcublas.so.13.""".formatted(site),
                message);
    }

    @Test
    void driverNotFoundMessageNamesLibcuda() {
        String message = search(Map.of(), null).notFound(CudaLibrary.DRIVER);

        assertTrue(message.startsWith("the NVIDIA driver not found (libcuda.so.1)\nSearched:\n"), message);
        assertTrue(message.endsWith("Install the NVIDIA driver, or point -Danneal.cuda.libs or ANNEAL_CUDA_LIBS at the folder holding libcuda.so.1."), message);
    }
}
