/**
 * What a training script names: the model ({@link dev.anneal.runtime.Mlp}, {@link dev.anneal.runtime.Network}),
 * the data ({@link dev.anneal.runtime.Dataset}, {@link dev.anneal.runtime.Split}, {@link dev.anneal.runtime.Columns}), the optimizer
 * ({@link dev.anneal.runtime.Optimizer}, {@link dev.anneal.runtime.ParamGroup}), the
 * {@link dev.anneal.runtime.Trainer} with its listeners and {@link dev.anneal.runtime.History}, and
 * {@link dev.anneal.runtime.RunFolder}. For everyone.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(Mlp.input(20).dense(64, Activation.RELU).dense(2))
 *         .optimizer(Optimizer.sgd(0.1).momentum(0.9)).schedule(warmup(50).then(cosine()))
 *         .epochs(20).runFolder(RunFolder.at(Path.of("runs/a"))).build();
 * History history = trainer.fit(Dataset.csv(Path.of("data.csv")).label("label").read().split(800));
 * }</pre>
 *
 * <p>A trained model, loaded back to predict or export: {@code .model}. The machinery lives next door: {@code .training} (the loop), {@code .folder} (run folders and
 * checkpoints), {@code .backend} (the compute SPI), {@code .rangetest} and {@code .sweep} (choosing a
 * schedule), {@code .nd4j} (the CPU backend).
 */
package dev.anneal.runtime;
