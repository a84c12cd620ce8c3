package dev.anneal.runtime;

import java.util.Map;

/**
 * What one epoch did.
 *
 * <pre>{@code
 * EpochRecord last = history.last();
 * System.out.println(last.epoch() + " " + last.valAccuracy() + " " + last.lr().get("default"));
 * }</pre>
 *
 * @param epoch       the epoch, from 1
 * @param steps       optimizer steps done by its end
 * @param trainLoss   mean training loss over its rows
 * @param valLoss     mean validation loss after it (NaN without validation data)
 * @param valAccuracy validation accuracy after it (NaN without validation data or for regression)
 * @param lr          each param group's learning rate at the epoch's last step
 * @param seconds     wall time of the epoch, evaluation included
 */
public record EpochRecord(int epoch, long steps, double trainLoss, double valLoss, double valAccuracy,
                          Map<String, Double> lr, double seconds) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the map. */
    public EpochRecord {
        lr = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lr));
    }
}
