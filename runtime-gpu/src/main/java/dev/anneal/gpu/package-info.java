/**
 * The training runtime on an NVIDIA GPU: {@link dev.anneal.gpu.Device} picks {@code cpu}, {@code cuda},
 * {@code cuda:N} or {@code auto} (falling back to the CPU, saying why), and {@link dev.anneal.gpu.CudaBackend}
 * runs the same trainer through CUDA's driver, cuBLAS and NVRTC (bound with Java's FFM API). A script
 * names {@code Device}; the bindings are internal.
 */
package dev.anneal.gpu;
