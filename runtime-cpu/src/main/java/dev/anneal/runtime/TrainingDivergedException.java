package dev.anneal.runtime;

/**
 * Thrown when a training loss is NaN or infinite: names the epoch and step; the last checkpoint
 * written before it (if any) is left as it was.
 *
 * <pre>{@code
 * try { trainer.fit(split); } catch (TrainingDivergedException e) { trainer.resume(e.checkpoint()); }
 * }</pre>
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final long step;
    private final transient java.nio.file.Path checkpoint;

    /**
     * The error for a loss that stopped being finite at {@code step} of {@code epoch}; {@code checkpoint}
     * is the last good one, or null. Made by the trainer; also by a runner that tells again an error
     * that happened elsewhere (a Spark executor) with the paths of the run's own folder.
     */
    public TrainingDivergedException(String message, int epoch, long step, java.nio.file.Path checkpoint) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.checkpoint = checkpoint;
    }

    /** The epoch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The step, from 0. */
    public long step() {
        return step;
    }

    /** The last good checkpoint, or null when none was written. */
    public java.nio.file.Path checkpoint() {
        return checkpoint;
    }
}
