package dev.anneal.torch;

import dev.anneal.Plateau;
import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * PyTorch's {@code ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4,
 * threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)}: Anneal's {@link Plateau} with PyTorch's
 * names, defaults and validation. The lr starts at the base; the metric of each PyTorch
 * {@code step(metric)} is reported with {@code RunState.observe(k, metric)} before reading step k.
 * <pre>{@code
 * ReduceLROnPlateau p = ReduceLROnPlateau.of().factor(0.5).patience(2);
 * ScheduleGraph g = p.compile();
 * RunState state = g.newRunState();
 * state.observe(1, valLoss);
 * double lr = g.lr(1, 0.1, state);
 * }</pre>
 *
 * @param mode           {@code min} or {@code max}
 * @param factor         the reduction factor, {@code < 1}
 * @param patience       bad epochs tolerated
 * @param threshold      the margin an improvement must beat
 * @param threshold_mode {@code rel} or {@code abs}
 * @param cooldown       epochs ignored after a reduction
 * @param min_lr         the floor
 * @param eps            the smallest reduction made
 */
public record ReduceLROnPlateau(String mode, double factor, long patience, double threshold, String threshold_mode,
                                long cooldown, double min_lr, double eps) implements TorchScheduler {

    /** Checks the parameters in PyTorch's order. */
    public ReduceLROnPlateau {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(threshold_mode, "threshold_mode");
        if (factor >= 1.0) {
            throw Py.valueError("Factor should be < 1.0.");
        }
        if (!mode.equals("min") && !mode.equals("max")) {
            throw Py.valueError("mode " + mode + " is unknown!");
        }
        if (!threshold_mode.equals("rel") && !threshold_mode.equals("abs")) {
            throw Py.valueError("threshold mode " + threshold_mode + " is unknown!");
        }
        if (factor < 0 && min_lr < 0) {
            throw new ScheduleException("ReduceLROnPlateau: a negative factor with a negative min_lr gives negative "
                    + "learning rates; Anneal does not support it (factor=" + Text.num(factor) + ", min_lr="
                    + Text.num(min_lr) + ")");
        }
        plateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** PyTorch's defaults; set the others with the withers. */
    public static ReduceLROnPlateau of() {
        return new ReduceLROnPlateau("min", 0.1, 10, 1e-4, "rel", 0, 0.0, 1e-8);
    }

    /** Same, with {@code mode}. */
    public ReduceLROnPlateau mode(String mode) {
        return new ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** Same, with {@code factor}. */
    public ReduceLROnPlateau factor(double factor) {
        return new ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** Same, with {@code patience}. */
    public ReduceLROnPlateau patience(long patience) {
        return new ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** Same, with {@code threshold} and {@code threshold_mode}. */
    public ReduceLROnPlateau threshold(double threshold, String threshold_mode) {
        return new ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** Same, with {@code cooldown}. */
    public ReduceLROnPlateau cooldown(long cooldown) {
        return new ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** Same, with {@code min_lr}. */
    public ReduceLROnPlateau min_lr(double min_lr) {
        return new ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** Same, with {@code eps}. */
    public ReduceLROnPlateau eps(double eps) {
        return new ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** ReduceLROnPlateau has no {@code last_epoch} argument: -1. */
    @Override
    public long last_epoch() {
        return -1;
    }

    /**
     * The core plateau with these rules. A negative factor, which PyTorch accepts, reduces to
     * {@code max(lr * factor, min_lr) = min_lr}, exactly what factor 0 gives when {@code min_lr >= 0}.
     */
    Plateau plateau() {
        return plateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /** The core plateau; it rejects what Anneal cannot follow (NaN parameters, which PyTorch takes). */
    private static Plateau plateau(String mode, double factor, long patience, double threshold, String threshold_mode,
                                   long cooldown, double min_lr, double eps) {
        return Schedule.plateau().mode(mode.equals("min") ? Plateau.Mode.MIN : Plateau.Mode.MAX)
                .factor(Math.max(factor, 0.0)).patience(patience).threshold(threshold)
                .thresholdMode(threshold_mode.equals("rel") ? Plateau.ThresholdMode.REL : Plateau.ThresholdMode.ABS)
                .cooldown(cooldown).minLr(min_lr).eps(eps);
    }

    @Override
    public Curve curve(Frame frame) {
        return plateau().curve(frame);
    }

    @Override
    public String toString() {
        return new Text("ReduceLROnPlateau").arg("mode", mode, "min").arg("factor", factor, 0.1)
                .arg("patience", patience, 10).arg("threshold", threshold, 1e-4)
                .arg("threshold_mode", threshold_mode, "rel").arg("cooldown", cooldown, 0)
                .arg("min_lr", min_lr, 0.0).arg("eps", eps, 1e-8).toString();
    }
}
