package dev.anneal.samples.train;

/**
 * Watches the losses epoch by epoch for the pitfall only the curves show: the validation loss rising
 * while the training loss falls. Once the validation loss has stayed above its best for
 * {@link #EPOCHS} epochs while the training loss fell below its value at that best epoch, the epoch's
 * note says {@code overfitting: val loss rising since epoch 3}; said once per best (a new best
 * validation loss starts the watch again).
 * <pre>{@code
 * OverfitWatch watch = new OverfitWatch();
 * String note = watch.note(epoch, trainLoss, valLoss);   // "" or "overfitting: val loss rising since epoch 3"
 * }</pre>
 * Epochs must be given in order; epochs without a validation loss (NaN) are ignored. {@code TrainingSession}
 * adds the note to each {@link EpochRow}.
 */
public final class OverfitWatch {
    /** Epochs the validation loss must stay above its best, with the training loss below its value then. */
    public static final int EPOCHS = 3;

    private int bestEpoch;
    private double bestValLoss = Double.POSITIVE_INFINITY;
    private double trainLossAtBest;
    private boolean said;

    /** The note for {@code epoch}: the overfitting flag the first time it holds since the last best, else "". */
    String note(int epoch, double trainLoss, double valLoss) {
        if (Double.isNaN(valLoss)) {
            return "";
        }
        if (valLoss < bestValLoss) {
            bestEpoch = epoch;
            bestValLoss = valLoss;
            trainLossAtBest = trainLoss;
            said = false;
            return "";
        }
        if (!said && epoch - bestEpoch >= EPOCHS && trainLoss < trainLossAtBest) {
            said = true;
            return "overfitting: val loss rising since epoch " + bestEpoch;
        }
        return "";
    }

    /** {@code note} and {@code more} joined with a comma, either may be empty. */
    static String join(String note, String more) {
        return note.isEmpty() ? more : more.isEmpty() ? note : note + ", " + more;
    }
}
