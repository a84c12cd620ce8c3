package dev.anneal.samples.train;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.Span;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Trainer;
import java.util.Locale;
import java.util.Objects;

/**
 * What a sample trains: the network, the optimizer (its learning rate is the schedule's base), the
 * learning-rate schedule, batch size, epochs and seed. Immutable; the withers return a changed copy.
 * Features are standardised with statistics of the training rows.
 *
 * <pre>{@code
 * Experiment e = Experiment.defaults().schedule(Schedule.cosine(10).periodic(true).perEpoch()).epochs(20);
 * Trainer trainer = e.trainer().build();
 * }</pre>
 *
 * @param mlp       the network
 * @param optimizer the optimizer
 * @param schedule  the learning-rate schedule
 * @param batchSize rows per batch, {@code >= 1}
 * @param epochs    passes over the training rows, {@code >= 1}
 * @param seed      the seed of the initial parameters and of the shuffling
 */
public record Experiment(Mlp mlp, Optimizer optimizer, Schedule schedule, int batchSize, int epochs, long seed) {

    /** The default schedule of {@code anneal train}: two epochs of linear warmup, then cosine to 0. */
    public static final Schedule DEFAULT_SCHEDULE = warmup(Span.epochs(2)).then(cosine());

    /** Checks the values. */
    public Experiment {
        Objects.requireNonNull(mlp, "mlp");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
    }

    /**
     * The defaults of {@code anneal train}: MLP 20-64-2 (ReLU, softmax cross-entropy), SGD lr 0.1
     * momentum 0.9, {@link #DEFAULT_SCHEDULE}, batch 32, 20 epochs, seed 1.
     */
    public static Experiment defaults() {
        return new Experiment(Mlp.input(SyntheticData.FEATURES).dense(64, Activation.RELU).dense(2),
                Optimizer.sgd(0.1).momentum(0.9), DEFAULT_SCHEDULE, 32, 20, 1);
    }

    /** The same with another network. */
    public Experiment mlp(Mlp mlp) {
        return new Experiment(mlp, optimizer, schedule, batchSize, epochs, seed);
    }

    /** The same with another optimizer. */
    public Experiment optimizer(Optimizer optimizer) {
        return new Experiment(mlp, optimizer, schedule, batchSize, epochs, seed);
    }

    /** The same with another schedule. */
    public Experiment schedule(Schedule schedule) {
        return new Experiment(mlp, optimizer, schedule, batchSize, epochs, seed);
    }

    /** The same with another batch size. */
    public Experiment batchSize(int batchSize) {
        return new Experiment(mlp, optimizer, schedule, batchSize, epochs, seed);
    }

    /** The same with another number of epochs. */
    public Experiment epochs(int epochs) {
        return new Experiment(mlp, optimizer, schedule, batchSize, epochs, seed);
    }

    /** The same with another seed. */
    public Experiment seed(long seed) {
        return new Experiment(mlp, optimizer, schedule, batchSize, epochs, seed);
    }

    /** The schedule's base: the optimizer's learning rate. */
    public double baseLr() {
        return optimizer.lr();
    }

    /** Optimizer steps per epoch on {@code trainRows} rows (the last batch may be smaller). */
    public int stepsPerEpoch(int trainRows) {
        return (trainRows + batchSize - 1) / batchSize;
    }

    /** The clock the trainer compiles the schedule with, for {@code trainRows} training rows. */
    public Clock clock(int trainRows) {
        long perEpoch = stepsPerEpoch(trainRows);
        return Clock.of(perEpoch, perEpoch * epochs);
    }

    /** The optimizer in words: {@code sgd(lr=0.1, momentum=0.9)}, {@code adamw(lr=0.001, weightDecay=0.01)}. */
    public String optimizerText() {
        Optimizer o = optimizer;
        StringBuilder s = new StringBuilder(o.kind().name().toLowerCase(Locale.ROOT)).append("(lr=").append(o.lr());
        if (o.kind() == Optimizer.Kind.SGD && o.momentum() != 0) {
            s.append(", momentum=").append(o.momentum());
        }
        if (o.nesterov()) {
            s.append(", nesterov=true");
        }
        if (o.weightDecay() != 0) {
            s.append(", weightDecay=").append(o.weightDecay());
        }
        return s.append(')').toString();
    }

    /** A trainer builder with everything but listeners, checkpoints and the backend set. */
    public Trainer.Builder trainer() {
        return Trainer.builder(mlp).optimizer(optimizer).schedule(schedule).batchSize(batchSize).epochs(epochs)
                .seed(seed).standardize(true);
    }
}
