package dev.anneal.runtime.backend;

/**
 * The floating-point type of a backend's tensors: float32 for training, float64 for gradient checks.
 *
 * <pre>{@code
 * Backend checking = CpuBackend.create(Precision.FLOAT64);
 * }</pre>
 */
public enum Precision {
    /** 32-bit IEEE floats (the default). */
    FLOAT32,
    /** 64-bit IEEE doubles. */
    FLOAT64
}
