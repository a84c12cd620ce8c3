package dev.anneal.samples.train;

import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.samples.plot.Charts;

/**
 * Starts, on a background thread, the two slow first uses a training command meets: loading ND4J's
 * native backend (about half a second) and Java2D's fonts and text shaping for the PNG charts drawn at
 * the end (another half second). On a machine with a free core they then cost the command nothing;
 * the first real use waits for whatever is left.
 *
 * <pre>{@code
 * Prewarm.start();   // first thing in main, for a command that trains and draws charts
 * }</pre>
 */
public final class Prewarm {
    private Prewarm() {
    }

    /** Starts the background thread (a daemon: it never holds the JVM up). */
    public static void start() {
        Thread t = new Thread(() -> {
            CpuBackend.create();
            Charts.prepare();
        }, "anneal-prewarm");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
