package dev.anneal.gpu;

import java.util.List;

/**
 * The three native libraries the CUDA runtime binds, with the soname versions it accepts (newest
 * first; NVRTC 11's soname is {@code libnvrtc.so.11.2} for every 11.x). Companions are loaded from
 * the same folder first so that the library's own dependencies resolve when it is loaded by path
 * (cuBLAS needs cuBLASLt). NVRTC's builtins library, which NVRTC opens by soname at compile time,
 * must match NVRTC's own version: {@link Nvrtc#load} preloads it once it knows that version.
 */
enum CudaLibrary {
    DRIVER("the NVIDIA driver", "libcuda.so", List.of("1"), List.of(), false),
    CUBLAS("cuBLAS", "libcublas.so", List.of("13", "12", "11"), List.of("libcublasLt.so."), true),
    NVRTC("NVRTC", "libnvrtc.so", List.of("13", "12", "11.2"), List.of(), true);

    final String title;
    final String baseName;
    final List<String> versions;
    /** File-name prefixes of companion libraries; the version is appended, then any further suffix. */
    final List<String> companionPrefixes;
    /** Whether NVIDIA's Python wheels ship this library ({@code site-packages/nvidia/NAME/lib}). */
    final boolean inPythonWheels;

    CudaLibrary(String title, String baseName, List<String> versions, List<String> companionPrefixes,
                boolean inPythonWheels) {
        this.title = title;
        this.baseName = baseName;
        this.versions = versions;
        this.companionPrefixes = companionPrefixes;
        this.inPythonWheels = inPythonWheels;
    }

    /** The CUDA major version of a soname version: 12 for "12", 11 for "11.2". */
    static int major(String version) {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    String fileName(String version) {
        return baseName + "." + version;
    }

    /** "libcublas.so.13, libcublas.so.12 or libcublas.so.11". */
    String fileNames() {
        List<String> names = versions.stream().map(this::fileName).toList();
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
