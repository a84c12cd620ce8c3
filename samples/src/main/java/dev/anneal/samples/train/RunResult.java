package dev.anneal.samples.train;

import java.util.List;

/**
 * What a {@link TrainingSession} produced: the epoch table's rows and the learning rate of every step.
 *
 * <pre>{@code
 * RunResult result = TrainingSession.of(experiment, split).run();
 * double last = result.rows().getLast().valAccuracy();
 * }</pre>
 *
 * @param experiment    what was trained
 * @param stepsPerEpoch optimizer steps per epoch
 * @param rows          one per epoch run (restored epochs of a resumed run included)
 * @param stepLrs       the learning rate of each step from 0, and after the last one
 * @param stopReason    why the run stopped before its last epoch, or null
 */
public record RunResult(Experiment experiment, int stepsPerEpoch, List<EpochRow> rows, double[] stepLrs,
                        String stopReason) {

    /** Copies the list and the array. */
    public RunResult {
        rows = List.copyOf(rows);
        stepLrs = stepLrs.clone();
    }

    /** The row of the last epoch run. */
    public EpochRow last() {
        return rows.getLast();
    }

    /** The learning rate after {@code epoch} (0: before training). */
    public double lrAfter(int epoch) {
        return stepLrs[epoch * stepsPerEpoch];
    }
}
