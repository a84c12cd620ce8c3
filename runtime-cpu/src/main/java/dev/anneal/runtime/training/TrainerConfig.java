package dev.anneal.runtime.training;

import dev.anneal.Schedule;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingListener;
import dev.anneal.runtime.backend.Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything a {@link Trainer} was built with; validated by {@link Trainer.Builder#build()}. */
public record TrainerConfig(Mlp mlp, Optimizer optimizer, Map<Hyperparameter, Schedule> schedules, int batchSize,
                     int epochs, long seed, boolean shuffle, boolean standardize, Backend backend,
                     List<TrainingListener> listeners, Path checkpoint, Metric monitor, boolean recordSteps,
                     RunFolder runFolder, int stopAfter, EpochSteps epochSteps) {

    long shuffleSeed() {
        return shuffleSeed(seed);
    }

    /** The seed of the data order for a run seeded with {@code seed} (the range test shuffles as the trainer does). */
    public static long shuffleSeed(long seed) {
        return seed ^ 0x5DEECE66DL;
    }
}
