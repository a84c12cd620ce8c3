/**
 * PyTorch's schedulers under their own names and parameters ({@code StepLR}, {@code CosineAnnealingLR},
 * {@code OneCycleLR}, ...), giving PyTorch's values step for step; each is a schedule like any other.
 * For everyone porting a recipe.
 *
 * <pre>{@code
 * Schedule lr = TorchSchedulers.create("CosineAnnealingLR", Map.of("T_max", 90, "eta_min", 1e-6));
 * }</pre>
 */
package dev.anneal.torch;
