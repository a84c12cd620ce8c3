package dev.anneal.runtime.training;

import dev.anneal.Schedule;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import java.util.Map;

/**
 * One epoch handed to an {@link EpochSteps}: the run's state to start from, and the place to put
 * the state after some steps, with the losses of those steps (the trainer averages them into the
 * epoch's training loss and records per-step learning rates, read from the schedules at each global
 * step, when asked).
 *
 * <pre>{@code
 * while (work.stepsLeft() > 0) {
 *     int k = Math.min(averageEvery, work.stepsLeft());
 *     TrainingState next = ... k steps from work.state() ...;
 *     work.advance(next, losses, rows);
 * }
 * }</pre>
 */
public final class EpochWork {
    private final TrainingRun run;
    private final int epoch;
    private final long firstStep;
    private final double[] stats;

    EpochWork(TrainingRun run, int epoch) {
        this.run = run;
        this.epoch = epoch;
        this.firstStep = run.step();
        this.stats = new double[run.stepsPerEpoch() * 2];
    }

    /** The epoch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The network's shape. */
    public Mlp mlp() {
        return run.config().mlp();
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return run.config().optimizer();
    }

    /** The run's schedules, by what they drive (param groups may have their own, see {@link #optimizer()}). */
    public Map<Hyperparameter, Schedule> schedules() {
        return Map.copyOf(run.config().schedules());
    }

    /** Rows per global step. */
    public int batchSize() {
        return run.config().batchSize();
    }

    /** The run's epochs. */
    public int epochs() {
        return run.config().epochs();
    }

    /** Whether the run shuffles its rows each epoch. */
    public boolean shuffle() {
        return run.config().shuffle();
    }

    /** Training rows in the run (also when they live elsewhere). */
    public int trainRows() {
        return run.trainRows();
    }

    /** The statistics the run standardises its rows with, or null when it does not. */
    public dev.anneal.runtime.Standardizer standardizer() {
        return run.network().standardizer();
    }

    /** The precision the run computes in. */
    public dev.anneal.runtime.backend.Precision precision() {
        return run.network().backend().precision();
    }

    /**
     * The training rows as the run trains on them: standardised when the run standardises; null when
     * they live elsewhere ({@link DataElsewhere}).
     */
    public Dataset trainingData() {
        return run.trainData();
    }

    /** Steps in an epoch (global steps: one per batch of the configured batch size). */
    public int stepsPerEpoch() {
        return run.stepsPerEpoch();
    }

    /** The seed the trainer shuffles its rows with: a worker that holds all the rows and shuffles with it sees the trainer's order. */
    public long shuffleSeed() {
        return run.config().shuffleSeed();
    }

    /** Steps of this epoch not yet done. */
    public int stepsLeft() {
        return (int) (firstStep + run.stepsPerEpoch() - run.step());
    }

    /** The run's state now: parameters, optimizer, schedule states and the global step. */
    public TrainingState state() {
        return TrainingState.of(run.step(), run.network(), run.optimizer(), run.schedules());
    }

    /**
     * Continues the run from {@code state}, which must be {@code losses.length} steps (at most
     * {@link #stepsLeft()}) after the current step; {@code losses[i]} is the mean loss of step
     * {@code i} over {@code rows[i]} rows.
     */
    public void advance(TrainingState state, double[] losses, int[] rows) {
        int k = losses.length;
        if (k != rows.length || k < 1 || k > stepsLeft() || state.step() != run.step() + k) {
            throw new IllegalArgumentException("advance: " + k + " losses, " + rows.length + " row counts and a state at step "
                    + state.step() + " do not continue step " + run.step() + " with " + stepsLeft() + " steps left");
        }
        int done = (int) (run.step() - firstStep);
        for (int i = 0; i < k; i++) {
            stats[2 * (done + i)] = rows[i] == 0 ? 0 : losses[i];
        }
        state.load(run.network(), run.optimizer(), run.schedules());
        run.stepsDoneElsewhere(epoch, done, k);
    }

    /** The per-step statistics (loss, unused) of the epoch, in the trainer's layout. */
    double[] stats() {
        return stats;
    }
}
