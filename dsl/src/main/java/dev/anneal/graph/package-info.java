/**
 * What a schedule compiles into: {@link dev.anneal.graph.Curve}, a compiled node, and
 * {@link dev.anneal.graph.Frame}, what a node knows while it compiles; for anyone who writes a
 * schedule node of their own (as {@code dev.anneal.torch} does). {@code PlateauSlot} and the methods
 * of {@code Frame} marked internal are public only for {@code dev.anneal}: no compatibility promise.
 */
package dev.anneal.graph;
