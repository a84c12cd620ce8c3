package dev.anneal.runtime.sweep;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What a sweep tries: schedule texts (each may have named holes, {@code warmup({w}) then
 * cosine(etaMin={eta})}, filled from the hole's values), base learning rates (a list, or a
 * log-uniform range for random search), optimizers, weight decays, batch sizes and seeds; searched
 * as a grid (every combination) or by seeded random sampling. Checked when built: every hole has
 * values, every value's hole exists, every filled schedule parses.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *         .schedule("warmup({w}) then cosine(etaMin={eta})")
 *         .hole("w", "0", "2.epochs", "5.epochs").hole("eta", "0", "1e-4")
 *         .lrs(0.03, 0.1).seeds(1, 2).epochs(20)
 *         .build();
 * List<Trial> trials = space.trials();   // 3 * 2 * 2 * 2 = 24 trials, in that nesting order
 * }</pre>
 * Grid order: schedule, its holes (in order of appearance, the last varying fastest), lr,
 * optimizer, weight decay, batch size, seed (fastest). Random search draws each trial's values in
 * the same order from a {@link SplittableRandom} seeded with the given seed.
 */
public final class SearchSpace {
    private final List<String> schedules;
    private final Map<String, List<String>> holes;
    private final List<Double> lrs;
    private final double[] lrRange;
    private final List<String> optimizers;
    private final List<Double> weightDecays;
    private final List<Integer> batchSizes;
    private final List<Long> seeds;
    private final int epochs;
    private final int random;
    private final long randomSeed;
    private final List<ScheduleTemplate> templates;

    private SearchSpace(Builder b) {
        this.schedules = List.copyOf(b.schedules);
        this.holes = Collections.unmodifiableMap(new LinkedHashMap<>(b.holes));
        this.lrs = List.copyOf(b.lrs);
        this.lrRange = b.lrRange;
        this.optimizers = List.copyOf(b.optimizers);
        this.weightDecays = List.copyOf(b.weightDecays);
        this.batchSizes = List.copyOf(b.batchSizes);
        this.seeds = List.copyOf(b.seeds);
        this.epochs = b.epochs;
        this.random = b.random;
        this.randomSeed = b.randomSeed;
        this.templates = schedules.stream().map(ScheduleTemplate::of).toList();
        check();
    }

    /** An empty space: add at least one schedule. */
    public static Builder builder() {
        return new Builder();
    }

    /** The epochs of a full trial. */
    public int epochs() {
        return epochs;
    }

    /** Whether the trials are drawn at random (otherwise: the grid). */
    public boolean isRandom() {
        return random > 0;
    }

    /** The number of trials, without listing them. */
    public long size() {
        if (random > 0) {
            return random;
        }
        long schedulesFilled = 0;
        for (ScheduleTemplate t : templates) {
            long n = 1;
            for (String h : t.holes()) {
                n = Math.multiplyExact(n, holes.get(h).size());
            }
            schedulesFilled += n;
        }
        return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(schedulesFilled, lrs.size()),
                Math.multiplyExact(optimizers.size(), weightDecays.size())),
                Math.multiplyExact(batchSizes.size(), seeds.size()));
    }

    /** The trials, numbered from 1. */
    public List<Trial> trials() {
        List<TrialConfig> configs = random > 0 ? sample() : grid();
        List<Trial> trials = new ArrayList<>(configs.size());
        for (TrialConfig c : configs) {
            trials.add(new Trial(trials.size() + 1, c));
        }
        return List.copyOf(trials);
    }

    /**
     * Compiles every schedule the trials use against the run's clock ({@code trainRows} training
     * rows, each trial's batch size and epochs), so that a schedule that does not fit the run is
     * reported, with its text, before any trial starts.
     */
    public void checkFits(int trainRows) {
        Set<String> seen = new LinkedHashSet<>();
        for (Trial t : trials()) {
            TrialConfig c = t.config();
            if (!seen.add(c.schedule() + "|" + c.batchSize())) {
                continue;
            }
            int perEpoch = (trainRows + c.batchSize() - 1) / c.batchSize();
            try {
                Schedule.parse(c.schedule()).compile(Clock.of(perEpoch, (long) perEpoch * c.epochs()));
            } catch (ScheduleException e) {
                throw new IllegalArgumentException("schedule '" + c.schedule() + "' (batch " + c.batchSize() + ", "
                        + c.epochs() + " epochs): " + e.getMessage(), e);
            }
        }
    }

    private void check() {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one schedule");
        }
        Set<String> used = new LinkedHashSet<>();
        for (ScheduleTemplate t : templates) {
            for (String h : t.holes()) {
                if (!holes.containsKey(h)) {
                    throw new IllegalArgumentException("schedule '" + t.text() + "': hole {" + h
                            + "} has no values; give them, e.g. " + h + " in [0, 2.epochs]");
                }
                used.add(h);
            }
        }
        for (Map.Entry<String, List<String>> e : holes.entrySet()) {
            if (!used.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown hole '" + e.getKey() + "': no schedule has {" + e.getKey()
                        + "}" + (used.isEmpty() ? "" : "; the holes are " + used));
            }
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("hole '" + e.getKey() + "' has no values");
            }
        }
        if (lrs.isEmpty() && lrRange == null) {
            throw new IllegalArgumentException("a sweep needs at least one learning rate");
        }
        if (lrRange != null && random == 0) {
            throw new IllegalArgumentException("a learning-rate range (" + lrRange[0] + ".." + lrRange[1]
                    + ") needs random search; for a grid, list the rates");
        }
        if (optimizers.isEmpty() || weightDecays.isEmpty() || batchSizes.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one optimizer, weight decay, batch size and seed");
        }
        for (String o : optimizers) {
            new TrialConfig("constant()", 0.1, o, 0, 1, 0, 1, Map.of());
        }
        for (ScheduleTemplate t : templates) {
            for (Map<String, String> filling : t.fillings(holes)) {
                parse(t, filling);
            }
        }
        if (random == 0) {
            try {
                size();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the grid has more than " + Long.MAX_VALUE + " trials");
            }
        }
    }

    private static void parse(ScheduleTemplate t, Map<String, String> filling) {
        String text = t.fill(filling);
        try {
            Schedule.parse(text);
        } catch (ScheduleException e) {
            String from = filling.isEmpty() ? "" : " (from '" + t.text() + "' with " + filling + ")";
            throw new IllegalArgumentException("schedule '" + text + "'" + from + ": " + e.getMessage(), e);
        }
    }

    private List<TrialConfig> grid() {
        List<TrialConfig> out = new ArrayList<>();
        for (ScheduleTemplate t : templates) {
            for (Map<String, String> filling : t.fillings(holes)) {
                String schedule = t.fill(filling);
                for (double lr : lrs) {
                    if (optimizers.isEmpty() || weightDecays.isEmpty() || batchSizes.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one optimizer, weight decay, batch size and seed");
        }
        for (String o : optimizers) {
                        for (double wd : weightDecays) {
                            for (int batch : batchSizes) {
                                for (long seed : seeds) {
                                    out.add(new TrialConfig(schedule, lr, o, wd, batch, seed, epochs, filling));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private List<TrialConfig> sample() {
        SplittableRandom rng = new SplittableRandom(randomSeed);
        List<TrialConfig> out = new ArrayList<>();
        for (int i = 0; i < random; i++) {
            ScheduleTemplate t = templates.get(rng.nextInt(templates.size()));
            Map<String, String> filling = new LinkedHashMap<>();
            for (String h : t.holes()) {
                List<String> values = holes.get(h);
                filling.put(h, values.get(rng.nextInt(values.size())));
            }
            double lr = lrRange != null
                    ? Math.exp(Math.log(lrRange[0]) + rng.nextDouble() * (Math.log(lrRange[1]) - Math.log(lrRange[0])))
                    : lrs.get(rng.nextInt(lrs.size()));
            out.add(new TrialConfig(t.fill(filling), lr, pick(optimizers, rng), pick(weightDecays, rng),
                    pick(batchSizes, rng), pick(seeds, rng), epochs, filling));
        }
        return out;
    }

    private static <T> T pick(List<T> values, SplittableRandom rng) {
        return values.get(rng.nextInt(values.size()));
    }

    /** Collects a search space; {@link #build()} checks it. Defaults: sgd, weight decay 0, batch 32, seed 1, 20 epochs, grid. */
    public static final class Builder {
        private final List<String> schedules = new ArrayList<>();
        private final Map<String, List<String>> holes = new LinkedHashMap<>();
        private List<Double> lrs = List.of(0.1);
        private double[] lrRange;
        private List<String> optimizers = List.of("sgd");
        private List<Double> weightDecays = List.of(0.0);
        private List<Integer> batchSizes = List.of(32);
        private List<Long> seeds = List.of(1L);
        private int epochs = 20;
        private int random;
        private long randomSeed;

        private Builder() {
        }

        /** Adds schedule texts (each may have holes {@code {name}}). */
        public Builder schedule(String... texts) {
            schedules.addAll(List.of(texts));
            return this;
        }

        /** The values (schedule texts: {@code 0}, {@code 2.epochs}, {@code 1e-4}) of hole {@code {name}}. */
        public Builder hole(String name, String... values) {
            return hole(name, List.of(values));
        }

        /** The values of hole {@code {name}}. */
        public Builder hole(String name, List<String> values) {
            holes.put(name, List.copyOf(values));
            return this;
        }

        /** The base learning rates, each {@code > 0}. */
        public Builder lrs(double... values) {
            List<Double> list = new ArrayList<>();
            for (double v : values) {
                if (!(v > 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("learning rate must be > 0, got " + v);
                }
                list.add(v);
            }
            this.lrs = list;
            this.lrRange = null;
            return this;
        }

        /** Base learning rates drawn log-uniformly from {@code [min, max]} (random search only). */
        public Builder lrLogUniform(double min, double max) {
            if (!(min > 0) || !(max > min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("learning-rate range must be 0 < min < max, got " + min + ".." + max);
            }
            this.lrRange = new double[] {min, max};
            this.lrs = List.of();
            return this;
        }

        /** The optimizers: {@code sgd} (momentum 0.9), {@code adam}, {@code adamw}. */
        public Builder optimizers(String... names) {
            this.optimizers = List.of(names);
            return this;
        }

        /** The weight decays. */
        public Builder weightDecays(double... values) {
            List<Double> list = new ArrayList<>();
            for (double v : values) {
                list.add(v);
            }
            this.weightDecays = list;
            return this;
        }

        /** The batch sizes. */
        public Builder batchSizes(int... values) {
            List<Integer> list = new ArrayList<>();
            for (int v : values) {
                list.add(v);
            }
            this.batchSizes = list;
            return this;
        }

        /** The seeds (each trial's model initialisation and data order). */
        public Builder seeds(long... values) {
            List<Long> list = new ArrayList<>();
            for (long v : values) {
                list.add(v);
            }
            this.seeds = list;
            return this;
        }

        /** The epochs of a full trial, {@code >= 1}. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Every combination (the default). */
        public Builder grid() {
            this.random = 0;
            return this;
        }

        /** {@code trials} trials drawn at random with {@code seed}. */
        public Builder random(int trials, long seed) {
            if (trials < 1) {
                throw new IllegalArgumentException("random trials must be >= 1, got " + trials);
            }
            this.random = trials;
            this.randomSeed = seed;
            return this;
        }

        /** Checks the space (holes, schedules, values) and makes it. */
        public SearchSpace build() {
            return new SearchSpace(this);
        }
    }
}
