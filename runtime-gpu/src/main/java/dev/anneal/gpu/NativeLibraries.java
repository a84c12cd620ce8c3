package dev.anneal.gpu;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/** Loads a CUDA library from the first {@link LibrarySearch} candidate that opens. */
final class NativeLibraries {

    /** An opened library: which file, which soname version, and its symbols. */
    record Loaded(CudaLibrary library, String version, String target, SymbolLookup symbols) {
        int major() {
            return CudaLibrary.major(version);
        }
    }

    private NativeLibraries() {
    }

    /**
     * Opens {@code library}, skipping sonames newer than {@code maxMajor} (the CUDA version the
     * driver supports; 0 for no limit). Libraries stay loaded for the life of the process.
     *
     * @throws CudaException naming the library, every place searched, and why found files did not load
     */
    static Loaded load(CudaLibrary library, LibrarySearch search, int maxMajor) {
        List<String> problems = new ArrayList<>();
        for (LibrarySearch.Candidate candidate : search.candidates(library)) {
            if (maxMajor > 0 && CudaLibrary.major(candidate.version()) > maxMajor) {
                if (candidate.isPath()) {
                    problems.add(candidate.target() + " needs CUDA " + CudaLibrary.major(candidate.version())
                            + " but the driver supports CUDA " + maxMajor + " at most");
                }
                continue;
            }
            try {
                for (Path companion : search.companions(candidate)) {
                    open(companion.toString());
                }
                return new Loaded(library, candidate.version(), candidate.target(), open(candidate.target()));
            } catch (IllegalArgumentException e) {
                if (candidate.isPath()) {
                    problems.add(candidate.target() + " exists but did not load (" + e.getMessage() + ")");
                }
            }
        }
        String notFound = search.notFound(library);
        String message = problems.isEmpty() ? notFound
                : library.title + " not usable: " + String.join("; ", problems) + "\n" + notFound;
        throw new CudaException(message);
    }

    /**
     * Opens the library at {@code target} (a path, or a soname for the dynamic linker's search). A
     * file without an ELF header is refused here: handed to the JVM, it would also make the JVM warn
     * that the library "might have disabled stack guard".
     *
     * @throws IllegalArgumentException when it does not load, saying why
     */
    static SymbolLookup open(String target) {
        if (target.indexOf('/') >= 0 && !isElf(Path.of(target))) {
            throw new IllegalArgumentException("not a shared library: it does not start with an ELF header");
        }
        try {
            return target.indexOf('/') >= 0
                    ? SymbolLookup.libraryLookup(Path.of(target), Arena.global())
                    : SymbolLookup.libraryLookup(target, Arena.global());
        } catch (IllegalCallerException e) {
            throw new CudaException("Java refused native access, which the CUDA runtime needs: run java with "
                    + "--enable-native-access=ALL-UNNAMED (or Enable-Native-Access: ALL-UNNAMED in the jar's manifest)", e);
        }
    }

    private static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), new byte[] {0x7f, 'E', 'L', 'F'});
        } catch (IOException e) {
            return false;
        }
    }
}
