package dev.anneal.runtime.sweep;

import dev.anneal.runtime.History;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link TrialRunner#local}: a fixed pool of daemon threads. */
final class LocalTrialRunner implements TrialRunner {
    private final int threads;
    private final ExecutorService pool;

    LocalTrialRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("parallel trials must be >= 1, got " + threads);
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "anneal-trial-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int workers() {
        return threads;
    }

    @Override
    public CompletableFuture<History> submit(TrialTask task, TrialTrainer trainer) {
        return CompletableFuture.supplyAsync(() -> trainer.train(task), pool);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
