/**
 * {@code anneal parity}: checks the PyTorch-named schedulers against PyTorch's recorded values
 * ({@code ../shared/parity/}). Internal to the tool.
 */
package dev.anneal.samples.parity;
