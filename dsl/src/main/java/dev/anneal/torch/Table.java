package dev.anneal.torch;

import dev.anneal.graph.Curve;

/**
 * A PyTorch recursion without a closed form, tabulated when the graph is compiled. The lr it gives is
 * affine in the graph's base {@code B} (every PyTorch update is affine in the current lr, the base lr
 * and constants), so the table holds {@code lr(t) = q[t] + p[t] * B} for {@code t <= n}, found by
 * running the recursion for {@code B = 0} and {@code B = 1}. Beyond the table (or when the run's length
 * is unknown) the graph runs the recursion from the table's end, without allocating. A step that
 * raises is recorded, and the graph raises the same error from that time on.
 */
final class Table {
    /** The most steps tabulated (16 MiB of doubles); beyond, the recursion runs from the table's end. */
    static final int MAX = 1 << 20;

    /** The recursion: the lr right after construction, and the lr after the step to time {@code t >= 1}. */
    interface Recursion {
        double start(double base);

        double step(double lr, long t, double base);
    }

    private Table() {
    }

    /** The graph of {@code r} with {@code steps} steps tabulated ({@code steps} is clamped to {@link #MAX}). */
    static Curve curve(Recursion r, long steps) {
        int n = (int) Math.max(0, Math.min(steps, MAX));
        double[] p = new double[n + 1];
        double[] q = new double[n + 1];
        int failsAt = -1;
        TorchSchedulerException failure = null;
        double zero = r.start(0.0);
        double one = r.start(1.0);
        q[0] = zero;
        p[0] = one - zero;
        for (int t = 1; t <= n; t++) {
            try {
                zero = r.step(zero, t, 0.0);
                one = r.step(one, t, 1.0);
            } catch (TorchSchedulerException e) {
                failsAt = t;
                failure = e;
                break;
            }
            q[t] = zero;
            p[t] = one - zero;
        }
        int end = failsAt < 0 ? n : failsAt - 1;
        int fail = failsAt;
        TorchSchedulerException error = failure;
        return (t, base, state) -> {
            if (fail >= 0 && t >= fail) {
                throw error.copy();
            }
            if (t <= end) {
                return q[(int) t] + p[(int) t] * base;
            }
            double lr = q[end] + p[end] * base;
            for (long i = end + 1; i <= t; i++) {
                lr = r.step(lr, i, base);
            }
            return lr;
        };
    }
}
