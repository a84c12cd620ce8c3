package dev.anneal.runtime.training;

import dev.anneal.runtime.DataFacts;
import dev.anneal.runtime.Trainer;

/**
 * Data that lives elsewhere (e.g. cached on a cluster's executors), trained and validated there:
 * {@link Trainer#fit(DataElsewhere)} runs on its {@link #facts()} without holding a row, and keeps
 * everything else (schedules, plateau decisions, history, checkpoints, the run folder, resume).
 * The rows it trains on must be standardised with {@link EpochWork#standardizer()} when that is not
 * null (the facts' statistics, or a resumed checkpoint's).
 *
 * <pre>{@code
 * DataElsewhere data = ...;              // e.g. SparkTrainer's DataFrame path
 * History h = Trainer.builder(mlp).standardize(true).epochs(10).build().fit(data);
 * }</pre>
 */
public interface DataElsewhere extends EpochSteps {

    /** Row counts, columns, classes, statistics and identity of the data. */
    DataFacts facts();

    /**
     * The validation loss (mean over rows) and accuracy (NaN for regression) of {@code state}'s
     * parameters; called after an epoch when {@link DataFacts#validationRows()} is above 0.
     */
    Validation validate(EpochWork work);

    /**
     * A validation pass's result.
     *
     * @param loss     mean loss over the validation rows
     * @param accuracy fraction of rows classified right (NaN for regression)
     */
    record Validation(double loss, double accuracy) {
    }
}
