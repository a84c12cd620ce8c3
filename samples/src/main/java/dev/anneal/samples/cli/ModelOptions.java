package dev.anneal.samples.cli;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.samples.train.TrainingData;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The model option of the commands that train ({@code --hidden}), declared once and mixed in with
 * {@code @Mixin}: the MLP's hidden ReLU layers, between the data's features and its classes.
 * <pre>{@code
 * @Mixin ModelOptions model;
 * model.check(spec);
 * Mlp mlp = model.mlp(rows);   // e.g. 20-64-2 with the defaults
 * }</pre>
 */
final class ModelOptions {

    @Option(names = "--hidden", paramLabel = "UNITS", split = ",", defaultValue = "64",
            description = "Units of the hidden ReLU layers, e.g. 64,64 (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    /** Every layer has at least one unit, else a usage error of {@code command}. */
    void check(CommandSpec command) {
        for (int units : hidden) {
            UserErrors.requirePositive(command, "--hidden", units);
        }
    }

    /** The MLP from {@code data}'s features through the hidden layers to its classes. */
    Mlp mlp(TrainingData data) {
        return mlp(data.features(), data.classes());
    }

    /** The network for {@code features} inputs and {@code classes} classes. */
    Mlp mlp(int features, int classes) {
        Mlp mlp = Mlp.input(features);
        for (int units : hidden) {
            mlp = mlp.dense(units, Activation.RELU);
        }
        return mlp.dense(classes);
    }
}
