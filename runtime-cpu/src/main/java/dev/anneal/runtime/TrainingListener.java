package dev.anneal.runtime;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Told about each epoch as it ends (after evaluation and schedule updates); may stop the run with
 * {@link Trainer#stop(String)}.
 *
 * <pre>{@code
 * trainer = Trainer.builder(mlp)...listener(TrainingListener.progress(System.out))
 *         .listener((epoch, t) -> { if (epoch.valAccuracy() > 0.99) t.stop("good enough"); })
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface TrainingListener {

    /** Called at the end of every epoch. */
    void onEpochEnd(EpochRecord epoch, Trainer trainer);

    /**
     * Called after every optimizer step (for progress bars); {@code batch} counts from 1 to
     * {@code batches} within {@code epoch}. Does nothing unless overridden; keep it cheap.
     */
    default void onStep(int epoch, int batch, int batches, Trainer trainer) {
    }

    /**
     * Called once before the first epoch of a run that continues from a checkpoint (given with
     * {@link Trainer#resume} or found in a {@link RunFolder}). Does nothing unless overridden.
     */
    default void onResume(ResumePoint point, Trainer trainer) {
    }

    /** Prints one line per epoch to {@code out} (see {@link #line}). */
    static TrainingListener progress(PrintStream out) {
        return (epoch, trainer) -> out.println(line(epoch, trainer));
    }

    /** Logs one line per epoch at level INFO to {@code logger} (see {@link #line}). */
    static TrainingListener logging(System.Logger logger) {
        return (epoch, trainer) -> logger.log(System.Logger.Level.INFO, line(epoch, trainer));
    }

    /**
     * The line {@link #progress} prints:
     * {@code epoch 3/20  train loss 0.4123  val loss 0.3012  val acc 0.9100  lr after 0.09924  0.05s}.
     * {@code lr after} is the learning rate after the epoch, what the next step uses
     * ({@link Trainer#nextLr()}), as in {@code anneal train}'s {@code LR after} column; with several
     * param groups, {@code lr after[name]} for each.
     */
    static String line(EpochRecord e, Trainer trainer) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f", e.epoch(),
                trainer.epochs(), e.trainLoss()));
        if (!Double.isNaN(e.valLoss())) {
            s.append(String.format(Locale.ROOT, "  val loss %.4f", e.valLoss()));
        }
        if (!Double.isNaN(e.valAccuracy())) {
            s.append(String.format(Locale.ROOT, "  val acc %.4f", e.valAccuracy()));
        }
        Map<String, Double> next = trainer.nextLr();
        for (Map.Entry<String, Double> lr : next.entrySet()) {
            String name = next.size() == 1 ? "" : "[" + lr.getKey() + "]";
            s.append(String.format(Locale.ROOT, "  lr after%s %.4g", name, lr.getValue()));
        }
        return s.append(String.format(Locale.ROOT, "  %.2fs", e.seconds())).toString();
    }
}
