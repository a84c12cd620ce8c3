package dev.anneal.samples.train;

import java.io.Console;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over the steps of the current epoch, on stderr, erased when the epoch ends (its
 * table row takes the place). Does nothing when stdout or stderr is not a terminal, so logs and
 * pipes stay clean.
 */
final class EpochProgress {
    private static final int WIDTH = 80;

    private final boolean enabled;
    private final int epochs;
    private ProgressBar bar;

    private EpochProgress(boolean enabled, int epochs) {
        this.enabled = enabled;
        this.epochs = epochs;
    }

    /** A bar that shows when the process writes to a terminal. */
    static EpochProgress forTerminal(int epochs) {
        Console console = System.console();
        return new EpochProgress(console != null && console.isTerminal(), epochs);
    }

    /** A bar that never shows. */
    static EpochProgress off() {
        return new EpochProgress(false, 0);
    }

    /** Step {@code batch} of {@code batches} of {@code epoch} is done. */
    void step(int epoch, int batch, int batches) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format("Epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches)
                    .setUnit(" steps", 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(100)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err, WIDTH))
                    .clearDisplayOnFinish()
                    .build();
        }
        bar.stepTo(batch);
    }

    /** The epoch ended: the bar goes. */
    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
