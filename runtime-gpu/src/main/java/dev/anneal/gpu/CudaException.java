package dev.anneal.gpu;

/**
 * A CUDA library could not be found or loaded, or a CUDA call failed. The message names the call
 * and CUDA's error, e.g. {@code cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)},
 * or the missing library and every place searched.
 *
 * <pre>{@code
 * try {
 *     Device.parse("cuda").select();
 * } catch (CudaException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) {
        super(message);
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
    }
}
