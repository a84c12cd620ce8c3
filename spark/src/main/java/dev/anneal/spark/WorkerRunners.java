package dev.anneal.spark;

import dev.anneal.runtime.training.StepRunner;
import java.util.HashMap;
import java.util.Map;

/**
 * The step runners of the run an executor JVM is working for, one per worker index, made on the
 * first round and kept so that later rounds find the network (and the shard it uploaded) in place. A
 * new run replaces the previous run's runners.
 */
final class WorkerRunners {
    private static String runId;
    private static final Map<Integer, StepRunner> RUNNERS = new HashMap<>();

    private WorkerRunners() {
    }

    /** Worker {@code worker}'s runner for run {@code id}, taken from the cache or made. */
    static synchronized StepRunner get(String id, int worker, Recipe recipe) {
        if (!id.equals(runId)) {
            RUNNERS.clear();
            runId = id;
        }
        return RUNNERS.computeIfAbsent(worker, recipe::runner);
    }
}
