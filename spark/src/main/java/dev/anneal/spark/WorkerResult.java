package dev.anneal.spark;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;

/**
 * What one worker, or a group of workers averaged together, sends back after a round: the state
 * (the weighted mean of the group's), the rows it weighs, each step's loss summed over rows and
 * rows, and the slowest member's times.
 *
 * @param worker      the group's lowest worker index
 * @param state       the group's mean state
 * @param weight      the rows the group trained on in the round
 * @param lossSums    each step's mean loss times its rows, summed over the group
 * @param rows        each step's rows, summed over the group
 * @param stepsNanos   the slowest member's time running its steps
 * @param fetchNanos   the slowest member's time fetching the shipped state (and, in a worker's first
 *                     round, the recipe and its shard)
 * @param convertNanos the slowest member's time unpacking the shipped state and packing its own
 * @param busyNanos    the members' times in their tasks (fetch, steps, convert) added up
 */
record WorkerResult(int worker, PackedState state, double weight, double[] lossSums, int[] rows, long stepsNanos,
                    long fetchNanos, long convertNanos, long busyNanos) implements Serializable {

    /**
     * The results averaged in the order of their worker index, so that the same results give the
     * same bits whatever order they arrived in.
     */
    static WorkerResult combine(List<WorkerResult> results) {
        List<WorkerResult> ordered = results.stream().sorted(Comparator.comparingInt(WorkerResult::worker)).toList();
        if (ordered.size() == 1) {
            return ordered.get(0);
        }
        WorkerResult head = ordered.get(0);
        PackedState.Mean mean = new PackedState.Mean();
        double[] lossSums = new double[head.lossSums.length];
        int[] rows = new int[head.rows.length];
        long steps = 0;
        long fetch = 0;
        long convert = 0;
        long busy = 0;
        for (WorkerResult r : ordered) {
            mean.add(r.state, r.weight);
            for (int i = 0; i < rows.length; i++) {
                lossSums[i] += r.lossSums[i];
                rows[i] += r.rows[i];
            }
            steps = Math.max(steps, r.stepsNanos);
            fetch = Math.max(fetch, r.fetchNanos);
            convert = Math.max(convert, r.convertNanos);
            busy += r.busyNanos;
        }
        return new WorkerResult(head.worker, mean.packed(), mean.weight(), lossSums, rows, steps, fetch, convert, busy);
    }
}
