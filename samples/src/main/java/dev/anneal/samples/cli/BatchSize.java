package dev.anneal.samples.cli;

import java.io.PrintWriter;

/**
 * The batch size a run can use: at most its training rows. A larger {@code --batch} is clamped with
 * one line on stderr, and the run's header then shows the batch actually used:
 * <pre>
 * anneal train: --batch 5000 is more than the 800 training rows; using batch 800 (one step per epoch)
 * </pre>
 * <pre>{@code
 * int used = BatchSize.fit(5000, 800, stderr);   // 800, and the warning
 * }</pre>
 */
final class BatchSize {

    private BatchSize() {
    }

    /** {@code batch}, or {@code trainRows} with a warning on {@code err} when the batch is larger. */
    static int fit(int batch, int trainRows, PrintWriter err) {
        if (batch <= trainRows) {
            return batch;
        }
        err.println("anneal train: --batch " + batch + " is more than the " + trainRows
                + " training rows; using batch " + trainRows + " (one step per epoch)");
        err.flush();
        return trainRows;
    }
}
