package dev.anneal.runtime.sweep;

import dev.anneal.runtime.History;
import java.util.concurrent.CompletableFuture;

/**
 * Where a {@link Sweep} runs its trials. The sweep hands over {@link TrialTask}s (plain values) and
 * a {@link TrialTrainer} and waits for the histories; it never has more than {@link #workers()}
 * tasks out at once, and makes its decisions from the results alone, so a runner only decides
 * where and when a task runs, never what the sweep finds.
 *
 * <pre>{@code
 * try (TrialRunner runner = TrialRunner.local(2)) {
 *     SweepResult result = Sweep.builder(space).runner(runner).trainer(trainer).out(dir).build().run();
 * }
 * }</pre>
 * Contract: {@link #submit} returns at once; the future completes with the trainer's history, or
 * exceptionally with what the trainer threw. Tasks of the same trial are never out at once.
 */
public interface TrialRunner extends AutoCloseable {
    /** How many tasks may run at once. */
    int workers();

    /** Starts {@code trainer.train(task)} somewhere. */
    CompletableFuture<History> submit(TrialTask task, TrialTrainer trainer);

    /** Lets go of the workers. */
    @Override
    void close();

    /** A pool of {@code threads} local threads, each trial on one of them. */
    static TrialRunner local(int threads) {
        return new LocalTrialRunner(threads);
    }
}
