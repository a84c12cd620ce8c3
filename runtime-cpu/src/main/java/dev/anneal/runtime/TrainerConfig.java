package dev.anneal.runtime;

import dev.anneal.Schedule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything a {@link Trainer} was built with; validated by {@link Trainer.Builder#build()}. */
record TrainerConfig(Mlp mlp, Optimizer optimizer, Map<Hyperparameter, Schedule> schedules, int batchSize,
                     int epochs, long seed, boolean shuffle, boolean standardize, Backend backend,
                     List<TrainingListener> listeners, Path checkpoint, Metric monitor, boolean recordSteps,
                     RunFolder runFolder, int stopAfter, EpochSteps epochSteps) {

    long shuffleSeed() {
        return shuffleSeed(seed);
    }

    /** The seed of the data order for a run seeded with {@code seed} (the range test shuffles as the trainer does). */
    static long shuffleSeed(long seed) {
        return seed ^ 0x5DEECE66DL;
    }
}
