package dev.anneal.runtime.rangetest;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.backend.Workspace;
import dev.anneal.runtime.training.OptimizerState;
import dev.anneal.runtime.training.ScheduleSet;
import dev.anneal.runtime.training.Shuffle;
import dev.anneal.runtime.training.TrainerConfig;
import dev.anneal.runtime.training.TrainingRun;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Leslie Smith's learning-rate range test, as fastai's {@code lr_find} and Lightning's
 * {@code Tuner.lr_find} run it: train a copy of a network for a few steps while the learning rate
 * rises from {@code minLr} to {@code maxLr}, watch the smoothed loss, stop when it diverges, and
 * suggest a learning rate from the curve.
 *
 * <pre>{@code
 * Network net = Mlp.input(20).dense(64, Activation.RELU).dense(2).build(CpuBackend.create(), 1);
 * LrRangeResult r = LrRangeTest.builder(net)
 *         .optimizer(Optimizer.sgd(0.1).momentum(0.9))     // its learning rates are replaced by the ramp
 *         .batchSize(32).seed(1)
 *         .build()
 *         .run(split.train());
 * double lr = r.valley().orElseThrow().lr();              // then train net's twin with it
 * }</pre>
 *
 * <ul>
 * <li>The test trains a copy of the network (same parameters and standardizer, on the network's
 *     backend unless told otherwise) with fresh optimizer state: the caller's network is not
 *     changed.</li>
 * <li>The ramp is a schedule on base {@code minLr} ({@link LrRamp}): step 0 uses {@code minLr}, the
 *     last planned step {@code maxLr}. It drives every param group's learning rate; the groups keep
 *     their momentum and weight decay, and their own schedules are not used.</li>
 * <li>Steps: {@code steps(n)}, by default {@value #DEFAULT_STEPS} (as fastai), running on into further epochs
 *     (batches are drawn as the trainer draws them: shuffled per epoch from the seed).</li>
 * <li>The loss of each batch (before its update) is smoothed by an exponential moving average with
 *     bias correction, beta {@value #BETA}. The test stops early when the smoothed loss exceeds
 *     {@value #DIVERGENCE}x its lowest value so far, or when a loss is NaN or infinite; that is a
 *     result ({@link LrRangeResult#stopReason()}), not an exception.</li>
 * <li>Suggestions ({@link LrSuggestion.Kind}): fastai's valley, steepest and minimum/10, read from
 *     the smoothed loss after the first tenth of the steps.</li>
 * </ul>
 */
public final class LrRangeTest {
    /** The default number of steps, in as many epochs as they take. */
    public static final int DEFAULT_STEPS = 100;
    /** The smoothing factor of the loss's moving average. */
    public static final double BETA = 0.98;
    /** The test stops when the smoothed loss exceeds this many times its best. */
    public static final int DIVERGENCE = 4;

    private final Network network;
    private final Optimizer optimizer;
    private final double minLr;
    private final double maxLr;
    private final Integer steps;
    private final LrRamp ramp;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final boolean standardize;
    private final Backend backend;

    private LrRangeTest(Builder b) {
        this.network = b.network;
        this.optimizer = b.optimizer;
        this.minLr = b.minLr;
        this.maxLr = b.maxLr;
        this.steps = b.steps;
        this.ramp = b.ramp;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.standardize = b.standardize;
        this.backend = b.backend != null ? b.backend : b.network.backend();
    }

    /** A test of (a copy of) {@code network}. */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /**
     * Runs the test on {@code train}.
     *
     * @throws IllegalArgumentException when the data does not fit the network, or one epoch is a single
     *                                  step and no {@code steps} were given
     */
    public LrRangeResult run(Dataset train) {
        Objects.requireNonNull(train, "train");
        Mlp spec = network.spec();
        TrainingRun.checkData(spec, train, "training data");
        train.requireTwoClasses("training data");
        Network copy = spec.build(backend, 0);
        for (int i = 0; i < copy.parameters().size(); i++) {
            copy.parameters().get(i).set(network.parameters().get(i).values());
        }
        Standardizer standardizer = network.standardizer() != null ? network.standardizer()
                : standardize ? Standardizer.fit(train) : null;
        copy.standardizer(standardizer);
        Dataset data = standardizer == null ? train : standardizer.apply(train);
        int rows = data.rows();
        int perEpoch = (rows + batchSize - 1) / batchSize;
        int n = steps != null ? steps : DEFAULT_STEPS;
        Schedule schedule = ramp.schedule(minLr, maxLr, n);
        ScheduleSet set = new ScheduleSet(Clock.of(perEpoch, n));
        ScheduleSet.Compiled lrs = set.get(schedule);
        OptimizerState opt = new OptimizerState(rampOptimizer(), copy, Map.of(Hyperparameter.LR, schedule), set);

        Tensor x = backend.upload(data.x(), rows, data.features());
        Tensor y = backend.upload(data.y(), rows, data.targets());
        Tensor stats = backend.zeros(1, 2);
        double[] host = new double[2];
        int[] order = new int[rows];
        List<LrRangeResult.Point> points = new ArrayList<>();
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        String stop = null;
        for (int step = 0; step < n && stop == null; step++) {
            int batch = step % perEpoch;
            if (batch == 0) {
                if (shuffle) {
                    // the trainer's order: its shuffle seed, epochs from 1
                    Shuffle.epochOrder(order, TrainerConfig.shuffleSeed(seed), step / perEpoch + 1);
                } else {
                    java.util.Arrays.setAll(order, i -> i);
                }
            }
            int from = batch * batchSize;
            Workspace ws = copy.workspace(Math.min(batchSize, rows - from));
            backend.gatherRows(x, order, from, ws.x);
            backend.gatherRows(y, order, from, ws.y);
            copy.forward(ws);
            copy.loss(ws, stats, 0, true);
            backend.download(stats, host);
            double loss = host[0];
            double lr = lrs.value(step, minLr);
            average = BETA * average + (1 - BETA) * loss;
            double smoothed = average / (1 - Math.pow(BETA, step + 1));
            points.add(new LrRangeResult.Point(step, lr, loss, smoothed));
            best = Math.min(best, smoothed);
            if (!Double.isFinite(loss)) {
                stop = "the loss is " + loss + " at step " + step + " (lr " + num(lr) + ")";
            } else if (smoothed > DIVERGENCE * best) {
                stop = "the smoothed loss " + num(smoothed) + " exceeded " + DIVERGENCE + "x its best ("
                        + num(best) + ") at step " + step + " (lr " + num(lr) + ")";
            } else {
                copy.backward(ws);
                opt.step(step);
            }
        }
        List<LrSuggestion> suggestions = LrSuggestions.of(points, n);
        int usable = LrSuggestions.usable(points, n);
        String none = !suggestions.isEmpty() ? null : stop != null
                ? "no suggestion: the loss diverged after " + usable + " usable step(s), " + LrSuggestions.MIN_POINTS
                        + " needed; lower minLr (or start from a better-behaved network)"
                : "no suggestion: " + usable + " usable step(s), " + LrSuggestions.MIN_POINTS + " needed; run more steps";
        return new LrRangeResult(schedule, minLr, maxLr, n, points, suggestions, stop, none);
    }

    /** The optimizer with base lr {@code minLr} for every group and without the groups' own lr and schedules. */
    private Optimizer rampOptimizer() {
        List<ParamGroup> groups = new ArrayList<>();
        for (ParamGroup g : optimizer.groups()) {
            groups.add(new ParamGroup(g.name(), g.selector(), null, g.momentum(), g.weightDecay(), Map.of()));
        }
        return new Optimizer(optimizer.kind(), minLr, optimizer.momentum(), optimizer.dampening(), optimizer.nesterov(),
                optimizer.beta2(), optimizer.eps(), optimizer.weightDecay(), groups);
    }

    /** Four significant digits: {@code 0.7895}, {@code 10}, {@code 4.043E+9}. */
    private static String num(double v) {
        return Double.isFinite(v) ? new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toString()
                : Double.toString(v);
    }

    /** Collects a test's settings; {@link #build()} checks them. */
    public static final class Builder {
        private final Network network;
        private Optimizer optimizer = Optimizer.sgd(0.01);
        private double minLr = 1e-7;
        private double maxLr = 10;
        private Integer steps;
        private LrRamp ramp = LrRamp.EXPONENTIAL;
        private int batchSize = 32;
        private long seed;
        private boolean shuffle = true;
        private boolean standardize;
        private Backend backend;

        private Builder(Network network) {
            this.network = Objects.requireNonNull(network, "network");
        }

        /** The update rule, momentum, weight decay and param groups (default: SGD); the learning rates come from the ramp. */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** The learning rate of the first step (default 1e-7). */
        public Builder minLr(double minLr) {
            this.minLr = minLr;
            return this;
        }

        /** The learning rate of the last planned step (default 10). */
        public Builder maxLr(double maxLr) {
            this.maxLr = maxLr;
            return this;
        }

        /** Steps of the ramp, {@code >= 2} (default: 100); more than an epoch's continue into the next. */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Exponential (default) or linear. */
        public Builder ramp(LrRamp ramp) {
            this.ramp = Objects.requireNonNull(ramp, "ramp");
            return this;
        }

        /** Rows per batch (default 32). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The seed of the shuffling, as the trainer's (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to shuffle the rows each epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Whether to standardise features with statistics of the training data, as the trainer's option
         * (default false); a network that has a standardizer always uses its own.
         */
        public Builder standardize(boolean standardize) {
            this.standardize = standardize;
            return this;
        }

        /** The backend of the copy (default: the network's). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** The test. */
        public LrRangeTest build() {
            if (!(minLr > 0 && Double.isFinite(minLr))) {
                throw new IllegalArgumentException("lrRangeTest: minLr must be finite and > 0, got " + minLr);
            }
            if (!(maxLr > minLr && Double.isFinite(maxLr))) {
                throw new IllegalArgumentException("lrRangeTest: maxLr must be finite and > minLr (" + minLr + "), got "
                        + maxLr);
            }
            if (steps != null && steps < 2) {
                throw new IllegalArgumentException("lrRangeTest: steps must be >= 2, got " + steps);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("lrRangeTest: batchSize must be >= 1, got " + batchSize);
            }
            return new LrRangeTest(this);
        }
    }
}
