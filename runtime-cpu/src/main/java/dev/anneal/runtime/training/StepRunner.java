package dev.anneal.runtime.training;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.backend.Workspace;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs {@code K} training steps of a network from a {@link TrainingState} on some rows and gives back
 * the new state: the building block of data-parallel training, where each worker runs it on its
 * shard and a driver averages the results. The schedules are compiled with the run's clock, so step
 * {@code g + i} reads exactly the values a single machine reads at global step {@code g + i}.
 *
 * <pre>{@code
 * StepRunner runner = StepRunner.builder(Mlp.input(20).dense(64, Activation.RELU).dense(2))
 *         .optimizer(Optimizer.sgd(0.1).momentum(0.9))
 *         .schedule(Hyperparameter.LR, warmup(5).then(cosine(45)))
 *         .clock(Clock.of(32, 320)).batchSize(16).shuffle(true, seed)
 *         .build();
 * StepRunner.Result r = runner.run(start, shard, 32, null);   // 32 steps from start.step()
 * }</pre>
 *
 * <p>Batches: global step {@code t} is batch {@code t % stepsPerEpoch} of epoch
 * {@code t / stepsPerEpoch + 1}; the shard's rows are shuffled per epoch from the seed (as
 * {@link Trainer} shuffles), and batch {@code j} takes the rows {@code [j * batchSize, (j + 1) * batchSize)}
 * of that order, fewer or none at the shard's end. A step without rows leaves the parameters alone but
 * still counts in the optimizer's step count, so that every worker stays at the same step. A run is a
 * pure function of the state, the shard and the settings: running it again gives the same result.
 */
public final class StepRunner {
    private final Mlp mlp;
    private final Optimizer optimizerSpec;
    private final Map<Hyperparameter, Schedule> scheduleSpecs;
    private final Clock clock;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Backend backend;
    private Network network;
    private OptimizerState optimizer;
    private ScheduleSet schedules;
    private Dataset uploaded;
    private Tensor x;
    private Tensor y;
    private int[] order;
    private int orderEpoch;

    private StepRunner(Builder b) {
        this.mlp = b.mlp;
        this.optimizerSpec = b.optimizer;
        this.scheduleSpecs = new EnumMap<>(b.schedules);
        this.clock = b.clock;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.backend = b.backend;
    }

    /** A builder of a runner for {@code mlp}. */
    public static Builder builder(Mlp mlp) {
        return new Builder(mlp);
    }

    /** Hears each step of a {@link #run}, on the thread that runs it. */
    public interface Listener {
        /** Called after the update of global step {@code step} with each param group's learning rate. */
        void onStep(long step, double[] lrs);
    }

    /**
     * The state after the steps, each step's mean loss and rows.
     *
     * @param state  the state after the last step
     * @param losses the mean batch loss of each step (0 for a step without rows)
     * @param rows   the rows each step trained on
     */
    public record Result(TrainingState state, double[] losses, int[] rows) implements java.io.Serializable {

        /** The rows of all steps together. */
        public long totalRows() {
            long n = 0;
            for (int r : rows) {
                n += r;
            }
            return n;
        }
    }

    /**
     * Runs {@code steps} steps from {@code start} on {@code shard} (standardised already, if the run
     * standardises) and returns the new state; {@code listener} (may be null) hears every step.
     */
    public Result run(TrainingState start, Dataset shard, int steps, Listener listener) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        prepare(shard);
        start.load(network, optimizer, schedules);
        long stepsPerEpoch = clock.stepsPerEpoch();
        int n = shard.rows();
        int groups = optimizer.groups.length;
        double[] lrs = new double[groups];
        Tensor stats = backend.zeros(steps, 2);
        int[] rows = new int[steps];
        for (int i = 0; i < steps; i++) {
            long t = start.step() + i;
            int epoch = (int) (t / stepsPerEpoch) + 1;
            int from = (int) (t % stepsPerEpoch) * batchSize;
            rows[i] = Math.max(0, Math.min(batchSize, n - from));
            if (rows[i] == 0) {
                optimizer.steps++;
                continue;
            }
            orderOf(epoch);
            Workspace ws = network.workspace(rows[i]);
            backend.beginStep(t);
            backend.gatherRows(x, order, from, ws.x);
            backend.gatherRows(y, order, from, ws.y);
            network.forward(ws);
            network.loss(ws, stats, i, true);
            network.backward(ws);
            optimizer.step(t);
            backend.endStep();
            if (listener != null) {
                for (int g = 0; g < groups; g++) {
                    lrs[g] = optimizer.lr(g);
                }
                listener.onStep(t, lrs.clone());
            }
        }
        double[] host = new double[steps * 2];
        backend.download(stats, host);
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            losses[i] = rows[i] == 0 ? 0 : host[2 * i];
        }
        return new Result(TrainingState.of(start.step() + steps, network, optimizer, schedules), losses, rows);
    }

    private void prepare(Dataset shard) {
        if (network == null) {
            network = mlp.build(backend, 0);
            schedules = new ScheduleSet(clock);
            optimizer = new OptimizerState(optimizerSpec, network, scheduleSpecs, schedules);
        }
        if (uploaded != shard) {
            if (shard.features() != mlp.inputs()) {
                throw new IllegalArgumentException("shard has " + shard.features() + " features, the network takes "
                        + mlp.inputs());
            }
            x = backend.upload(shard.x(), shard.rows(), shard.features());
            y = backend.upload(shard.y(), shard.rows(), shard.targets());
            order = new int[shard.rows()];
            orderEpoch = -1;
            uploaded = shard;
        }
    }

    private void orderOf(int epoch) {
        if (epoch == orderEpoch) {
            return;
        }
        if (shuffle) {
            Shuffle.epochOrder(order, seed, epoch);
        } else {
            java.util.Arrays.setAll(order, i -> i);
        }
        orderEpoch = epoch;
    }

    /** Collects a runner's settings; {@link #build()} checks them. */
    public static final class Builder {
        private final Mlp mlp;
        private Optimizer optimizer = Optimizer.sgd(0.01);
        private final Map<Hyperparameter, Schedule> schedules = new EnumMap<>(Hyperparameter.class);
        private Clock clock;
        private int batchSize = 32;
        private boolean shuffle = true;
        private long seed;
        private Backend backend;

        private Builder(Mlp mlp) {
            this.mlp = Objects.requireNonNull(mlp, "mlp");
        }

        /** The optimizer (default: SGD with lr 0.01). */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** A schedule for {@code what} of every param group without its own. */
        public Builder schedule(Hyperparameter what, Schedule schedule) {
            schedules.put(what, Objects.requireNonNull(schedule, "schedule"));
            return this;
        }

        /** The run's clock: global steps per epoch and in the whole run (required). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Rows per step on this shard (default 32). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Whether to shuffle the shard's rows each epoch, and the seed of the shuffles (default: shuffle, seed 0). */
        public Builder shuffle(boolean shuffle, long seed) {
            this.shuffle = shuffle;
            this.seed = seed;
            return this;
        }

        /** The backend (default: {@code CpuBackend.create()}). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** The runner; its network is made on the first {@link #run}. */
        public StepRunner build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (clock == null || clock.stepsPerEpoch() < 1) {
                throw new IllegalArgumentException("a step runner needs a clock with stepsPerEpoch >= 1, got " + clock);
            }
            mlp.validate();
            if (backend == null) {
                backend = dev.anneal.runtime.nd4j.CpuBackend.create();
            }
            return new StepRunner(this);
        }
    }
}
