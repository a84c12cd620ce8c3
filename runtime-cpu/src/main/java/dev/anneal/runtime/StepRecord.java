package dev.anneal.runtime;

import java.util.Map;

/**
 * What one optimizer step did (recorded when the trainer is asked to with {@code recordSteps(true)}).
 *
 * <pre>{@code
 * for (StepRecord s : history.steps()) System.out.println(s.step() + " " + s.loss());
 * }</pre>
 *
 * @param step  the step, from 0 (the schedule's time)
 * @param epoch the epoch it belongs to, from 1
 * @param loss  the batch's mean loss
 * @param lr    each param group's learning rate at this step
 */
public record StepRecord(long step, int epoch, double loss, Map<String, Double> lr) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the map. */
    public StepRecord {
        lr = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lr));
    }
}
