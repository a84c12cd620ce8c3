/**
 * The CPU backend on ND4J's native libraries and OpenBLAS: {@link dev.anneal.runtime.nd4j.CpuBackend}
 * (what {@code Trainer} uses by default), its tensors and its float32/float64 kernels. A script names
 * only {@code CpuBackend.create()}; the rest is internal.
 */
package dev.anneal.runtime.nd4j;
