package dev.anneal.runtime.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.RunFolderConflictException;
import dev.anneal.runtime.TrainingDivergedException;
import dev.anneal.runtime.folder.AtomicFiles;
import dev.anneal.runtime.folder.SavedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs the trials of a {@link SearchSpace} on a {@link TrialRunner}, each in its own run folder
 * {@code OUT/trials/trial-NNN}, optionally with successive {@link Halving}, and ranks them.
 *
 * <pre>{@code
 * try (TrialRunner runner = TrialRunner.local(2)) {
 *     SweepResult result = Sweep.builder(space)
 *             .trainer(TrialTrainer.of(mlp, data))
 *             .runner(runner)
 *             .halving(Halving.parse("eta=3,min-epochs=2"))
 *             .out(Path.of("sweeps/a"))
 *             .build().run();
 *     result.write(Path.of("sweeps/a"));
 * }
 * }</pre>
 *
 * <p><b>Halving.</b> A trial runs to its next rung ({@link Halving#rungs}) with the run stopped
 * there ({@code run.json}: status {@code stopped}, resumable); when {@link Promotions} promotes it,
 * it continues from its checkpoint to the next rung. Decisions are made from the rung results in a
 * fixed order (rung 0: trial number; later rungs: the order of promotion), never in the order the
 * results arrive, so the trials run, their histories and the ranking are the same whatever the
 * number of workers. While a result waits for an earlier one, its worker takes other work.
 *
 * <p><b>Crash safety.</b> {@code OUT/plan.json} names the trials; running the same sweep on the
 * same folder again reads each trial's folder: epochs already run are not run again (their
 * results are read from the folder), an unfinished trial continues from its newest checkpoint.
 * The decisions, being a function of the results, come out the same. A folder holding another
 * sweep is refused.
 */
public final class Sweep {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchSpace space;
    private final TrialTrainer trainer;
    private final TrialRunner runner;
    private final Halving halving;
    private final Metric metric;
    private final Path out;
    private final SweepListener listener;

    private Sweep(Builder b) {
        this.space = b.space;
        this.trainer = Objects.requireNonNull(b.trainer, "trainer");
        this.runner = Objects.requireNonNull(b.runner, "runner");
        this.halving = b.halving;
        this.metric = b.halving != null ? b.halving.metric() : b.metric;
        this.out = Objects.requireNonNull(b.out, "out");
        this.listener = b.listener;
    }

    /** A sweep over {@code space}. */
    public static Builder builder(SearchSpace space) {
        return new Builder(Objects.requireNonNull(space, "space"));
    }

    /** The folder of {@code trial} under {@code out}. */
    public static Path trialFolder(Path out, Trial trial) {
        return out.resolve("trials").resolve(trial.name());
    }

    /**
     * Refuses (changing nothing) a folder that holds a different sweep or other files: throws
     * {@link IllegalArgumentException} saying so.
     */
    public void checkOut() {
        if (Files.isRegularFile(out)) {
            throw new IllegalArgumentException(out + " is a file, not a folder");
        }
        Path plan = out.resolve("plan.json");
        try {
            if (Files.isRegularFile(plan)) {
                if (!Files.readString(plan, StandardCharsets.UTF_8).equals(planText())) {
                    throw new IllegalArgumentException(out + " holds another sweep (its plan.json names other trials "
                            + "or halving); choose another folder");
                }
            } else if (Files.isDirectory(out)) {
                try (var entries = Files.list(out)) {
                    // a crash before plan.json was renamed into place leaves only its temporary file
                    if (entries.anyMatch(p -> !p.getFileName().toString().equals("plan.json.tmp"))) {
                        throw new IllegalArgumentException(out + " holds files but no sweep (no plan.json); "
                                + "choose another folder");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs (or continues) the sweep and ranks the trials. */
    public SweepResult run() {
        checkOut();
        List<Trial> trials = space.trials();
        try {
            if (!Files.isRegularFile(out.resolve("plan.json"))) {
                AtomicFiles.write(out.resolve("plan.json"), planText().getBytes(StandardCharsets.UTF_8));
            }
            Files.createDirectories(out.resolve("trials"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
        }
        return new Coordinator(trials).run();
    }

    private String planText() {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("format", "anneal-sweep");
        plan.put("halving", halving == null ? null : halving.toString());
        List<Map<String, Object>> trials = new ArrayList<>();
        for (Trial t : space.trials()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", t.name());
            entry.put("configuration", t.config());
            trials.add(entry);
        }
        plan.put("trials", trials);
        try {
            return JSON.writeValueAsString(plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished piece of work: the trial's history, or what went wrong. */
    private record Done(Trial trial, int rung, History history, String error, boolean diverged) {
    }

    /** The loop on the caller's thread: hands out work, collects results, asks {@link Promotions}. */
    private final class Coordinator {
        private final List<Trial> trials;
        private final List<Integer> rungs;
        private final Promotions promotions;
        private final Deque<int[]> promoted = new ArrayDeque<>();
        private final Deque<Integer> fresh = new ArrayDeque<>();
        private final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        private final java.util.Queue<RunFolderConflictException> conflicts =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Map<Integer, List<EpochRecord>> histories = new LinkedHashMap<>();
        private final Map<Integer, TrialOutcome> outcomes = new LinkedHashMap<>();
        private int running;

        Coordinator(List<Trial> trials) {
            this.trials = trials;
            this.rungs = halving == null ? List.of(space.epochs()) : halving.rungs(space.epochs());
            this.promotions = new Promotions(halving == null ? 2 : halving.eta(), rungs.size(),
                    !metric.higherIsBetter(), trials.size());
            for (Trial t : trials) {
                fresh.add(t.number());
            }
        }

        SweepResult run() {
            int resumed = 0;
            for (Trial t : trials) {
                if (Files.isDirectory(trialFolder(out, t))) {
                    resumed++;
                }
            }
            listener.onStart(trials.size(), resumed, runner.workers());
            while (outcomes.size() < trials.size()) {
                while (running < runner.workers() && (!promoted.isEmpty() || !fresh.isEmpty())) {
                    int[] next = !promoted.isEmpty() ? promoted.poll() : new int[] {fresh.poll(), 0};
                    start(trials.get(next[0] - 1), next[1]);
                }
                Done d;
                try {
                    d = done.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("sweep interrupted", e);
                }
                running--;
                finish(d);
            }
            List<TrialOutcome> all = new ArrayList<>();
            for (Trial t : trials) {
                all.add(outcomes.get(t.number()));
            }
            return SweepResult.rank(all, metric, halving);
        }

        private void start(Trial trial, int rung) {
            running++;
            int until = rungs.get(rung);
            Path folder = trialFolder(out, trial);
            Optional<SavedRun> saved = SavedRun.read(folder);
            boolean last = rung == rungs.size() - 1;
            // a folder whose run reached the rung but did not say so (a crash between its checkpoint and
            // run.json) goes to the trainer, which finds the stop reached and completes it
            boolean settled = saved.isPresent() && (saved.get().finished() || saved.get().status().equals("stopped"));
            if (settled && (last ? saved.get().finished() : saved.get().epoch() >= until)
                    || saved.isPresent() && saved.get().status().equals("diverged")) {
                SavedRun s = saved.get();
                boolean diverged = s.status().equals("diverged") && s.epoch() < until;
                done.add(new Done(trial, rung, s.history(), diverged ? s.error() : null, diverged));
                return;
            }
            TrialTask task = new TrialTask(trial, folder.toString(), until);
            runner.submit(task, trainer).whenComplete((history, error) -> {
                Throwable e = unwrap(error);
                if (e instanceof RunFolderConflictException conflict) {
                    conflicts.add(conflict);
                }
                done.add(new Done(trial, rung, history, e == null ? null : String.valueOf(e.getMessage()),
                        e instanceof TrainingDivergedException));
            });
        }

        private void finish(Done d) {
            int n = d.trial().number();
            if (!conflicts.isEmpty()) {
                throw conflicts.peek();
            }
            if (d.error() != null) {
                List<EpochRecord> sofar = SavedRun.read(trialFolder(out, d.trial()))
                        .map(s -> s.history().epochs()).orElse(List.of());
                String status = d.diverged() ? "diverged" : "failed";
                histories.put(n, sofar);
                for (Promotions.Promotion p : promotions.report(d.rung(), n, Double.NaN)) {
                    promoted.add(new int[] {p.trial(), p.rung()});
                }
                conclude(new TrialOutcome(d.trial(), trialFolder(out, d.trial()), status, 0, sofar,
                        d.error()));
                closeRungs();
                return;
            }
            int until = rungs.get(d.rung());
            List<EpochRecord> epochs = d.history().epochs().subList(0, Math.min(until, d.history().epochs().size()));
            histories.put(n, epochs);
            EpochRecord last = epochs.get(epochs.size() - 1);
            listener.onRung(d.trial(), last.epoch(), last);
            for (Promotions.Promotion p : promotions.report(d.rung(), n, metric.of(last))) {
                promoted.add(new int[] {p.trial(), p.rung()});
            }
            if (d.rung() == rungs.size() - 1) {
                conclude(new TrialOutcome(d.trial(), trialFolder(out, d.trial()), "finished", 0, epochs, null));
            }
            closeRungs();
        }

        private void closeRungs() {
            for (int r = 0; r < rungs.size() - 1; r++) {
                for (int t : promotions.stoppedAt(r)) {
                    if (!outcomes.containsKey(t)) {
                        Trial trial = trials.get(t - 1);
                        conclude(new TrialOutcome(trial, trialFolder(out, trial), "stopped", rungs.get(r),
                                histories.get(t), null));
                    }
                }
            }
        }

        private void conclude(TrialOutcome outcome) {
            if (outcomes.putIfAbsent(outcome.trial().number(), outcome) == null) {
                listener.onTrialDone(outcome, outcomes.size(), trials.size());
            }
        }

        private static Throwable unwrap(Throwable error) {
            return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        }
    }

    /** Collects a sweep's settings. */
    public static final class Builder {
        private final SearchSpace space;
        private TrialTrainer trainer;
        private TrialRunner runner;
        private Halving halving;
        private Metric metric = Metric.VAL_LOSS;
        private Path out;
        private SweepListener listener = new SweepListener() { };

        private Builder(SearchSpace space) {
            this.space = space;
        }

        /** What trains a trial (e.g. {@link TrialTrainer#of}). */
        public Builder trainer(TrialTrainer trainer) {
            this.trainer = trainer;
            return this;
        }

        /** Where the trials run (e.g. {@link TrialRunner#local}); the caller closes it. */
        public Builder runner(TrialRunner runner) {
            this.runner = runner;
            return this;
        }

        /** Stops the worse trials early (default: none; every trial runs all its epochs). */
        public Builder halving(Halving halving) {
            this.halving = halving;
            return this;
        }

        /** The metric that ranks the trials without halving (default: validation loss). */
        public Builder metric(Metric metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /** The sweep's folder. */
        public Builder out(Path out) {
            this.out = out;
            return this;
        }

        /** Hears the sweep as it goes. */
        public Builder listener(SweepListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Makes the sweep. */
        public Sweep build() {
            return new Sweep(this);
        }
    }
}
