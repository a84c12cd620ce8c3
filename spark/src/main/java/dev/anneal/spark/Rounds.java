package dev.anneal.spark;

import dev.anneal.runtime.EpochSteps;
import dev.anneal.runtime.EpochWork;
import dev.anneal.runtime.StepRunner;
import dev.anneal.runtime.TrainingState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trains an epoch on Spark in rounds, one Spark job each: the driver broadcasts the state, each of
 * the {@code n} tasks (one per worker) runs up to {@code averageEvery} steps on its shard, and the
 * driver averages the states weighted by the rows each worker trained on. A round never crosses the
 * end of an epoch, so validation and plateau decisions come between rounds, as on one machine.
 */
final class Rounds implements EpochSteps {
    private final JavaSparkContext spark;
    private final String runId;
    private final List<Broadcast<Shard>> shards;
    private final Function<Integer, Recipe> recipe;
    private final int averageEvery;
    private final WorkerListener listener;
    private final JavaRDD<Integer> workers;
    private Broadcast<Recipe> shipped;
    private int rounds;
    private long roundNanos;
    private long overheadNanos;

    Rounds(JavaSparkContext spark, String runId, List<Broadcast<Shard>> shards, Function<Integer, Recipe> recipe,
           int averageEvery, WorkerListener listener) {
        this.spark = spark;
        this.runId = runId;
        this.shards = shards;
        this.recipe = recipe;
        this.averageEvery = averageEvery;
        this.listener = listener;
        List<Integer> indices = new ArrayList<>();
        for (int w = 0; w < shards.size(); w++) {
            indices.add(w);
        }
        this.workers = spark.parallelize(indices, shards.size());
    }

    @Override
    public void train(EpochWork work) {
        if (shipped == null) {
            shipped = spark.broadcast(recipe.apply(work.stepsPerEpoch()));
        }
        int k = averageEvery > 0 ? averageEvery : work.stepsPerEpoch();
        while (work.stepsLeft() > 0) {
            long start = System.nanoTime();
            int steps = Math.min(k, work.stepsLeft());
            Broadcast<TrainingState> state = spark.broadcast(work.state());
            List<WorkerResult> results = workers.map(new RunSteps(runId, shipped, shards, state, steps, listener))
                    .collect();
            state.destroy();
            average(work, results, steps);
            long took = System.nanoTime() - start;
            long slowest = results.stream().mapToLong(WorkerResult::nanos).max().orElse(0);
            rounds++;
            roundNanos += took;
            overheadNanos += Math.max(0, took - slowest);
        }
    }

    private static void average(EpochWork work, List<WorkerResult> results, int steps) {
        List<TrainingState> states = new ArrayList<>();
        double[] weights = new double[results.size()];
        double[] losses = new double[steps];
        int[] rows = new int[steps];
        for (int w = 0; w < results.size(); w++) {
            StepRunner.Result r = results.get(w).result();
            states.add(r.state());
            weights[w] = r.totalRows();
            for (int i = 0; i < steps; i++) {
                losses[i] += r.losses()[i] * r.rows()[i];
                rows[i] += r.rows()[i];
            }
        }
        for (int i = 0; i < steps; i++) {
            losses[i] = rows[i] == 0 ? 0 : losses[i] / rows[i];
        }
        work.advance(TrainingState.average(states, weights), losses, rows);
    }

    RoundOverhead overhead() {
        return new RoundOverhead(rounds, rounds == 0 ? 0 : roundNanos / 1e6 / rounds,
                rounds == 0 ? 0 : overheadNanos / 1e6 / rounds);
    }

    /** Frees what the run broadcast. */
    void close() {
        if (shipped != null) {
            shipped.destroy();
        }
        for (Broadcast<Shard> s : shards) {
            s.destroy();
        }
    }

    /** One worker's round: a pure function of what the driver shipped, so a retried task gives the same result. */
    private record RunSteps(String runId, Broadcast<Recipe> recipe, List<Broadcast<Shard>> shards,
                            Broadcast<TrainingState> state, int steps, WorkerListener listener)
            implements org.apache.spark.api.java.function.Function<Integer, WorkerResult> {

        @Override
        public WorkerResult call(Integer worker) {
            long start = System.nanoTime();
            WorkerRunners.Entry e = WorkerRunners.get(runId, worker, recipe.value(), shards.get(worker).value());
            StepRunner.Result r = e.runner().run(state.value(), e.shard(), steps,
                    listener == null ? null : (step, lrs) -> listener.onStep(worker, step, lrs));
            return new WorkerResult(worker, r, System.nanoTime() - start);
        }
    }
}
