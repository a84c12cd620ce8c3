package dev.anneal.gpu;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the library search reads from the process: environment variables, the
 * {@code anneal.cuda.libs} system property, the user's home, the fixed system folders and
 * Python prefixes, and whether to end with the dynamic linker's own search. Tests build one by
 * hand; {@link #current()} reads the real process.
 *
 * @param env                environment variables (PATH, LD_LIBRARY_PATH, CUDA_HOME, ...)
 * @param libsProperty       value of {@code -Danneal.cuda.libs}, or null
 * @param userHome           the user's home folder, or null
 * @param systemFolders      folders searched after everything the user configured
 * @param pythonPrefixes     Python installation prefixes searched for NVIDIA's wheels besides
 *                           those found through PATH, VIRTUAL_ENV and CONDA_PREFIX
 * @param useLinkerDefault   whether the bare soname is finally handed to the dynamic linker
 *                           (ld.so.cache and its default folders)
 */
record CudaEnvironment(Map<String, String> env, String libsProperty, Path userHome,
                       List<Path> systemFolders, List<Path> pythonPrefixes, boolean useLinkerDefault) {

    static final String LIBS_PROPERTY = "anneal.cuda.libs";
    static final String LIBS_VARIABLE = "ANNEAL_CUDA_LIBS";

    static final List<Path> SYSTEM_FOLDERS = List.of(
            Path.of("/usr/local/cuda/lib64"),
            Path.of("/usr/local/cuda/targets/x86_64-linux/lib"),
            Path.of("/usr/local/cuda/targets/sbsa-linux/lib"),
            Path.of("/usr/local/nvidia/lib64"),
            Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib/aarch64-linux-gnu"),
            Path.of("/usr/lib64"),
            Path.of("/usr/lib/wsl/lib"));

    static final List<Path> PYTHON_PREFIXES = List.of(
            Path.of("/usr"), Path.of("/usr/local"), Path.of("/opt/conda"));

    CudaEnvironment {
        env = Map.copyOf(env);
        systemFolders = List.copyOf(systemFolders);
        pythonPrefixes = List.copyOf(pythonPrefixes);
    }

    /** The running process's environment and properties, with the default system folders. */
    static CudaEnvironment current() {
        String home = System.getProperty("user.home");
        return new CudaEnvironment(System.getenv(), System.getProperty(LIBS_PROPERTY),
                home == null || home.isBlank() ? null : Path.of(home),
                SYSTEM_FOLDERS, PYTHON_PREFIXES, true);
    }

    /** A variable's value, or null when unset or blank. */
    String variable(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
