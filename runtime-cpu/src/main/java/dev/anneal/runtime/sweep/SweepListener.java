package dev.anneal.runtime.sweep;

import dev.anneal.runtime.EpochRecord;

/**
 * Hears a {@link Sweep} as it goes, on the thread that called {@link Sweep#run()}.
 *
 * <pre>{@code
 * SweepListener lines = new SweepListener() {
 *     public void onTrialDone(TrialOutcome o, int done, int total) {
 *         System.out.println(done + "/" + total + " " + o.trial().name() + " " + o.status());
 *     }
 * };
 * }</pre>
 */
public interface SweepListener {
    /** The sweep starts {@code total} trials ({@code resumed} of them found in their folders) on {@code workers} workers. */
    default void onStart(int total, int resumed, int workers) {
    }

    /** {@code trial} reached the end of epoch {@code epoch}, a rung (or its end). */
    default void onRung(Trial trial, int epoch, EpochRecord record) {
    }

    /** {@code outcome}'s trial is over for good: finished, stopped at a rung, or failed; {@code done} of {@code total} are. */
    default void onTrialDone(TrialOutcome outcome, int done, int total) {
    }
}
