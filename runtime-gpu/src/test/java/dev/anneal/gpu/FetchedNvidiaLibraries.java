package dev.anneal.gpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * NVIDIA's real CUDA libraries from Debian non-free (libcuda1 550, NVRTC 12.4 with its builtins,
 * cuBLAS 12.4), unpacked by {@code runtime-gpu/nvidia-libs.sh} into the folder that
 * {@code -Danneal.nvidia.libs} names (Maven's default test execution sets it).
 */
final class FetchedNvidiaLibraries {
    static final String PROPERTY = "anneal.nvidia.libs";

    private FetchedNvidiaLibraries() {
    }

    /** The folder, or null when the build did not fetch the libraries (see nvidia-libs.sh's message). */
    static Path folder() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        Path folder = Path.of(value);
        return Files.isRegularFile(folder.resolve("libnvrtc.so.12")) ? folder : null;
    }

    /** Why {@link #folder()} is null, in a few words. */
    static String absence() {
        String value = System.getProperty(PROPERTY);
        return value == null ? "-D" + PROPERTY + " is not set (Maven's test run sets it)"
                : value + " holds no libnvrtc.so.12: runtime-gpu/nvidia-libs.sh did not fetch NVIDIA's libraries (its message says why)";
    }

    /** A library search that looks in {@code folder} only. */
    static CudaEnvironment only(Path folder) {
        return new CudaEnvironment(Map.of(CudaEnvironment.LIBS_VARIABLE, folder.toString()), null, null, List.of(), List.of(), false);
    }
}
