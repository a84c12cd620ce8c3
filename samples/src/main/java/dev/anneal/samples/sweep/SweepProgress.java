package dev.anneal.samples.sweep;

import dev.anneal.runtime.sweep.SweepListener;
import dev.anneal.runtime.sweep.TrialConfig;
import dev.anneal.runtime.sweep.TrialOutcome;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A sweep's progress: one line per trial that is over (with trials done / total and the time left
 * at the pace so far), and on a terminal an overall progress bar on stderr.
 *
 * <pre>{@code
 * [ 3/16] trial-007 finished    val loss 0.2043  val acc 0.9350  20 epochs  warmup(2.epochs) then cosine(), lr 0.1  (ETA 0:42)
 * }</pre>
 */
public final class SweepProgress implements SweepListener {
    private final PrintWriter out;
    private final boolean bar;
    private ProgressBar progress;
    private long start;
    private int width;
    private int resumed;

    private SweepProgress(PrintWriter out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    /** Lines on {@code out}, and a bar on stderr when the process writes to a terminal. */
    public static SweepProgress to(PrintWriter out) {
        Console console = System.console();
        return new SweepProgress(out, console != null && console.isTerminal());
    }

    @Override
    public void onStart(int total, int resumed, int workers) {
        this.start = System.nanoTime();
        this.width = String.valueOf(total).length();
        this.resumed = resumed;
        if (resumed > 0) {
            out.println("continuing: " + resumed + " of " + total + " trial folders exist; what they hold is not run again");
            out.flush();
        }
        if (bar) {
            progress = new ProgressBarBuilder().setTaskName("Sweep").setInitialMax(total).setUnit(" trials", 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err, 80)).clearDisplayOnFinish().build();
        }
    }

    @Override
    public void onTrialDone(TrialOutcome o, int done, int total) {
        TrialConfig c = o.trial().config();
        String status = o.status().equals("stopped") ? "stopped at epoch " + o.stoppedAt() : o.status();
        long elapsed = System.nanoTime() - start;
        String eta = done == total ? "" : "  (ETA " + clock(Duration.ofNanos(elapsed / done * (total - done))) + ")";
        out.println(String.format(Locale.ROOT, "[%" + width + "d/%d] %s %-19s val loss %.4f  val acc %.4f  %s, lr %s%s",
                done, total, o.trial().name(), status, o.valLoss(), o.valAccuracy(), c.schedule(),
                Leaderboard.number(c.lr()), eta));
        out.flush();
        if (progress != null) {
            progress.stepTo(done);
            if (done == total) {
                progress.close();
            }
        }
    }

    /** Closes the bar if the sweep ended early. */
    public void close() {
        if (progress != null) {
            progress.close();
        }
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
