package dev.anneal.samples.train;

import dev.anneal.runtime.EpochRecord;

/**
 * One line of the epoch table: what the trainer recorded, the learning rate after the epoch and what
 * the schedule did in it.
 *
 * <pre>{@code
 * for (EpochRow row : result.rows()) System.out.println(row.epoch() + " " + row.lr() + " " + row.note());
 * }</pre>
 *
 * @param record the trainer's record of the epoch
 * @param lr     the learning rate after the epoch: the value the next step uses, as PyTorch's
 *               {@code scheduler.get_last_lr()} after the epoch's last {@code scheduler.step()}
 * @param note   what the schedule did ({@code warmup}, {@code cosine minimum}...), or empty
 */
public record EpochRow(EpochRecord record, double lr, String note) {

    /** The epoch, from 1. */
    public int epoch() {
        return record.epoch();
    }

    /** Mean training loss. */
    public double trainLoss() {
        return record.trainLoss();
    }

    /** Validation loss. */
    public double valLoss() {
        return record.valLoss();
    }

    /** Validation accuracy. */
    public double valAccuracy() {
        return record.valAccuracy();
    }
}
