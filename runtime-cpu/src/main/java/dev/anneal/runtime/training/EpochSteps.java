package dev.anneal.runtime.training;

import dev.anneal.runtime.Trainer;

/**
 * Trains the steps of one epoch somewhere other than in the trainer's own loop, e.g. on the workers
 * of a cluster; the {@link Trainer} keeps everything else (validation, plateau decisions, history,
 * checkpoints, the run folder), so such a run saves and resumes exactly as a single-machine run.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(mlp).batchSize(32).epochs(10)
 *         .epochSteps(work -> {
 *             TrainingState start = work.state();
 *             StepRunner.Result r = runner.run(start, train, work.stepsLeft(), null);
 *             work.advance(r.state(), r.losses(), r.rows());
 *         })
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface EpochSteps {

    /**
     * Runs the epoch's steps: repeatedly takes {@link EpochWork#state()}, trains some steps from it
     * and hands the result to {@link EpochWork#advance}, until {@link EpochWork#stepsLeft()} is 0.
     */
    void train(EpochWork work);
}
