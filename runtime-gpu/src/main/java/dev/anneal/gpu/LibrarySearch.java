package dev.anneal.gpu;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a CUDA library may live, in the order they are tried: the folders the user named
 * ({@code -Danneal.cuda.libs}, {@code ANNEAL_CUDA_LIBS}), the toolkit ({@code CUDA_HOME},
 * {@code CUDA_PATH}), {@code LD_LIBRARY_PATH}, NVIDIA's Python wheels
 * ({@code site-packages/nvidia/*}{@code /lib}), fixed system folders, and finally the dynamic
 * linker's own search by soname. Within a folder, newer sonames come first. This class only looks
 * at the file system; {@link NativeLibraries} loads.
 */
final class LibrarySearch {

    /** A file to try (an absolute path, or a bare soname for the dynamic linker). */
    record Candidate(CudaLibrary library, String version, String target, String origin) {
        boolean isPath() {
            return target.indexOf('/') >= 0;
        }
    }

    /** A named source of folders, for trying and for the error message. */
    record Group(String name, List<Path> folders, String whenEmpty) {
        String describe() {
            if (folders.isEmpty()) {
                return name + ": " + whenEmpty;
            }
            return name + ": " + String.join(File.pathSeparator, folders.stream().map(Path::toString).toList());
        }
    }

    private static final String[] TOOLKIT_SUBFOLDERS = {"lib64", "lib", "targets/x86_64-linux/lib", "targets/sbsa-linux/lib"};

    private final CudaEnvironment environment;

    LibrarySearch(CudaEnvironment environment) {
        this.environment = environment;
    }

    /** The folders searched for {@code library}, grouped by where they came from, in search order. */
    List<Group> groups(CudaLibrary library) {
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("-D" + CudaEnvironment.LIBS_PROPERTY, pathList(environment.libsProperty()), "not set"));
        groups.add(new Group(CudaEnvironment.LIBS_VARIABLE, pathList(environment.variable(CudaEnvironment.LIBS_VARIABLE)), "not set"));
        for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
            groups.add(new Group(variable, toolkitFolders(environment.variable(variable)), "not set"));
        }
        groups.add(new Group("LD_LIBRARY_PATH", pathList(environment.variable("LD_LIBRARY_PATH")), "not set"));
        if (library.inPythonWheels) {
            List<Path> sites = pythonSiteFolders();
            String where = sites.isEmpty() ? "no Python site-packages folder found"
                    : "none under " + String.join(", ", sites.stream().map(s -> s.resolve("nvidia") + "/*/lib").toList());
            groups.add(new Group("NVIDIA Python wheels", wheelLibFolders(sites), where));
        }
        groups.add(new Group("system folders", environment.systemFolders(), "none"));
        return groups;
    }

    /** Every existing file for {@code library} in search order, then the bare sonames for the linker. */
    List<Candidate> candidates(CudaLibrary library) {
        List<Candidate> found = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Group group : groups(library)) {
            for (Path folder : group.folders()) {
                for (String version : library.versions) {
                    Path file = folder.resolve(library.fileName(version)).toAbsolutePath().normalize();
                    if (Files.isRegularFile(file) && seen.add(realPath(file))) {
                        found.add(new Candidate(library, version, file.toString(), group.name()));
                    }
                }
            }
        }
        if (environment.useLinkerDefault()) {
            for (String version : library.versions) {
                found.add(new Candidate(library, version, library.fileName(version), "the dynamic linker's search"));
            }
        }
        return found;
    }

    /** Companion libraries beside {@code candidate} (e.g. libcublasLt.so.12 beside libcublas.so.12). */
    List<Path> companions(Candidate candidate) {
        if (!candidate.isPath()) {
            return List.of();
        }
        Path folder = Path.of(candidate.target()).getParent();
        List<Path> companions = new ArrayList<>();
        for (String prefix : candidate.library().companionPrefixes) {
            String exact = prefix + candidate.version();
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> {
                    String name = f.getFileName().toString();
                    return name.equals(exact) || name.startsWith(exact + ".");
                }).sorted().findFirst().ifPresent(companions::add);
            } catch (IOException e) {
                return companions;
            }
        }
        return companions;
    }

    /**
     * The NVRTC builtins library beside the NVRTC file {@code nvrtc} for NVRTC {@code version} ("12.4"):
     * {@code libnvrtc-builtins.so.12.4} or {@code libnvrtc-builtins.so.12.4.*}, never another minor
     * version that sits in the same folder. Empty for a bare soname (the dynamic linker finds the
     * builtins as NVRTC does) or when there is none.
     */
    static Optional<Path> nvrtcBuiltins(String nvrtc, String version) {
        if (nvrtc.indexOf('/') < 0) {
            return Optional.empty();
        }
        String exact = "libnvrtc-builtins.so." + version;
        try (Stream<Path> files = Files.list(Path.of(nvrtc).getParent())) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.equals(exact) || name.startsWith(exact + ".");
            }).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The message for a library found nowhere: its sonames and every place searched. */
    String notFound(CudaLibrary library) {
        StringBuilder message = new StringBuilder()
                .append(library.title).append(" not found (").append(library.fileNames()).append(")\nSearched:\n");
        for (Group group : groups(library)) {
            message.append("  ").append(group.describe()).append('\n');
        }
        if (environment.useLinkerDefault()) {
            message.append("  the dynamic linker's search (ld.so.cache and its default folders)\n");
        }
        message.append(library == CudaLibrary.DRIVER
                ? "Install the NVIDIA driver, or point -D" + CudaEnvironment.LIBS_PROPERTY + " or "
                  + CudaEnvironment.LIBS_VARIABLE + " at the folder holding libcuda.so.1."
                : "Install the CUDA toolkit or NVIDIA's Python wheel (" + (library == CudaLibrary.CUBLAS ? "nvidia-cublas" : "nvidia-cuda-nvrtc")
                  + "), or point -D" + CudaEnvironment.LIBS_PROPERTY + " or " + CudaEnvironment.LIBS_VARIABLE
                  + " at the folder holding " + library.fileName(library.versions.getFirst()) + ".");
        return message.toString();
    }

    private static List<Path> pathList(String value) {
        if (value == null) {
            return List.of();
        }
        List<Path> folders = new ArrayList<>();
        for (String part : value.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                folders.add(Path.of(part.strip()));
            }
        }
        return folders;
    }

    private static List<Path> toolkitFolders(String home) {
        if (home == null) {
            return List.of();
        }
        List<Path> folders = new ArrayList<>();
        for (String sub : TOOLKIT_SUBFOLDERS) {
            folders.add(Path.of(home).resolve(sub));
        }
        return folders;
    }

    /**
     * Python site folders found on disk, without running Python: the prefixes of the
     * {@code python3} executables on PATH (a virtual environment's {@code bin/..} and the real
     * interpreter's), VIRTUAL_ENV, CONDA_PREFIX, the user's {@code ~/.local} and the fixed prefixes.
     */
    List<Path> pythonSiteFolders() {
        Set<Path> prefixes = new LinkedHashSet<>();
        for (String variable : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String value = environment.variable(variable);
            if (value != null) {
                prefixes.add(Path.of(value));
            }
        }
        for (Path bin : pathList(environment.variable("PATH"))) {
            for (String exe : List.of("python3", "python")) {
                Path python = bin.resolve(exe);
                if (Files.isRegularFile(python)) {
                    addParent(prefixes, bin);
                    addParent(prefixes, realPath(python).getParent());
                }
            }
        }
        if (environment.userHome() != null) {
            prefixes.add(environment.userHome().resolve(".local"));
        }
        prefixes.addAll(environment.pythonPrefixes());

        Set<Path> sites = new LinkedHashSet<>();
        for (Path prefix : prefixes) {
            for (String libDir : List.of("lib", "lib64", "local/lib")) {
                Path lib = prefix.resolve(libDir);
                for (Path python : children(lib, "python3*")) {
                    for (String kind : List.of("site-packages", "dist-packages")) {
                        Path site = python.resolve(kind);
                        if (Files.isDirectory(site)) {
                            sites.add(realPath(site));
                        }
                    }
                }
            }
        }
        return List.copyOf(sites);
    }

    private static List<Path> wheelLibFolders(List<Path> sites) {
        List<Path> folders = new ArrayList<>();
        for (Path site : sites) {
            for (Path wheel : children(site.resolve("nvidia"), "*")) {
                Path lib = wheel.resolve("lib");
                if (Files.isDirectory(lib)) {
                    folders.add(lib);
                }
            }
        }
        return folders;
    }

    private static void addParent(Set<Path> prefixes, Path folder) {
        if (folder != null && folder.getParent() != null) {
            prefixes.add(folder.getParent());
        }
    }

    private static List<Path> children(Path folder, String glob) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, glob)) {
            stream.forEach(children::add);
        } catch (IOException e) {
            return List.of();
        }
        children.sort(null);
        return children;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
