/**
 * The compute SPI: {@link dev.anneal.runtime.backend.Backend} and its {@link dev.anneal.runtime.backend.Tensor}s,
 * which a CPU ({@code dev.anneal.runtime.nd4j}) or GPU ({@code dev.anneal.gpu}) implementation provides, with
 * the shapes' checks, the precision, the pass workspaces and a finite-difference gradient check for
 * new backends. For backend implementers; a training script only passes a backend along.
 */
package dev.anneal.runtime.backend;
