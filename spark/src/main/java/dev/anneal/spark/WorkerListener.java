package dev.anneal.spark;

import java.io.Serializable;

/**
 * Hears every step a worker trains, on the worker (it is serialized and sent there): which worker,
 * the global step and each param group's learning rate at that step. For tests and diagnostics.
 *
 * <pre>{@code
 * SparkTrainer.builder(spark, mlp).workerListener((worker, step, lrs) -> log(worker, step, lrs[0]));
 * }</pre>
 */
@FunctionalInterface
public interface WorkerListener extends Serializable {

    /** Called after worker {@code worker}'s update of global step {@code step}. */
    void onStep(int worker, long step, double[] lrs);
}
