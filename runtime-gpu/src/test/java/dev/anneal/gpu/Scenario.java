package dev.anneal.gpu;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;

import dev.anneal.Schedule;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Backend;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Seeded training runs that the CPU and the GPU runtime must agree on: together they use every
 * optimizer, both losses, every activation, param groups, schedules and a short last batch.
 * 1000 training and 200 validation rows of 16 features, 20 epochs.
 */
enum Scenario {
    SGD_NESTEROV(Mlp.input(16).dense(32, Activation.RELU).dense(32, Activation.TANH).dense(3),
            Optimizer.sgd(0.05).momentum(0.9).nesterov(true).weightDecay(1e-4),
            warmup(20).startFactor(0.1).then(cosine(380)), 50),
    SGD_DAMPENED_IDENTITY(Mlp.input(16).dense(24, Activation.IDENTITY).dense(24, Activation.RELU).dense(3),
            Optimizer.sgd(0.02).momentum(0.5).dampening(0.2), null, 30),
    ADAMW_GROUPS(Mlp.input(16).dense(32, Activation.GELU).dense(3),
            Optimizer.adamW(3e-3).group(ParamGroup.biases().weightDecay(0.0)), cosine(320), 64),
    ADAM_MSE(Mlp.input(16).dense(24, Activation.SIGMOID).dense(2).loss(Loss.MSE), Optimizer.adam(1e-2), null, 100);

    static final int EPOCHS = 20;
    static final int HALF = 10;

    final Mlp mlp;
    final Optimizer optimizer;
    final Schedule schedule;
    final int batchSize;

    Scenario(Mlp mlp, Optimizer optimizer, Schedule schedule, int batchSize) {
        this.mlp = mlp;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.batchSize = batchSize;
    }

    /**
     * A trainer for this run on {@code backend}; with a checkpoint file it writes one every epoch,
     * and with {@code stopAfter > 0} it stops after that epoch.
     */
    Trainer trainer(Backend backend, Path checkpoint, int stopAfter) {
        Trainer.Builder builder = Trainer.builder(mlp).optimizer(optimizer).batchSize(batchSize).epochs(EPOCHS).seed(7)
                .backend(backend).checkpoint(checkpoint);
        if (schedule != null) {
            builder.schedule(schedule);
        }
        if (stopAfter > 0) {
            builder.listener((epoch, trainer) -> {
                if (epoch.epoch() == stopAfter) {
                    trainer.stop("stopped after epoch " + stopAfter + " for a resume test");
                }
            });
        }
        return builder.build();
    }

    /** The data: features N(0, 1); labels the argmax of a random linear teacher, or tanh of one for MSE. */
    Split data() {
        SplittableRandom rng = new SplittableRandom(2024);
        int rows = 1200;
        int features = mlp.inputs();
        int outputs = mlp.outputs();
        double[][] teacher = new double[features][outputs];
        for (double[] row : teacher) {
            for (int j = 0; j < outputs; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] x = new double[rows][features];
        double[][] targets = new double[rows][outputs];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < features; f++) {
                x[r][f] = rng.nextGaussian();
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < outputs; j++) {
                double score = 0.3 * rng.nextGaussian();
                for (int f = 0; f < features; f++) {
                    score += x[r][f] * teacher[f][j];
                }
                targets[r][j] = Math.tanh(score / 4);
                if (score > best) {
                    best = score;
                    labels[r] = j;
                }
            }
        }
        Dataset all = mlp.loss() == Loss.MSE ? Dataset.regression(x, targets) : Dataset.classification(x, labels);
        return all.split(1000);
    }
}
