package dev.anneal.gpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** Small helpers shared by the hand-written bindings: symbol lookup into method handles, C strings. */
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();

    private Native() {
    }

    /** A downcall handle for {@code name}, or a CudaException naming the library and the symbol. */
    static MethodHandle function(NativeLibraries.Loaded library, String name, FunctionDescriptor descriptor) {
        return optionalFunction(library, name, descriptor).orElseThrow(() -> new CudaException(
                library.target() + " has no function " + name + ": " + (library.library() == CudaLibrary.DRIVER
                        ? "this NVIDIA driver" : library.library().title + " " + library.version()) + " is too old for Anneal"));
    }

    static Optional<MethodHandle> optionalFunction(NativeLibraries.Loaded library, String name, FunctionDescriptor descriptor) {
        return library.symbols().find(name).map(address -> LINKER.downcallHandle(address, descriptor));
    }

    /** The NUL-terminated string at {@code pointer}, or null for a null pointer. */
    static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : pointer.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    /** Rethrows what a downcall threw; downcalls declare Throwable but only throw unchecked exceptions. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CudaException("native call failed: " + t, t);
    }
}
