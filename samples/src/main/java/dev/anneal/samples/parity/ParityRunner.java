package dev.anneal.samples.parity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.anneal.Clock;
import dev.anneal.RunState;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import dev.anneal.torch.ChainedScheduler;
import dev.anneal.torch.CyclicLR;
import dev.anneal.torch.OneCycleLR;
import dev.anneal.torch.SequentialLR;
import dev.anneal.torch.TorchScheduler;
import dev.anneal.torch.TorchSchedulerException;
import dev.anneal.torch.TorchSchedulers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks Anneal's PyTorch schedulers ({@code dev.anneal.torch}) against reference values produced by
 * PyTorch, one case per line in the format of {@code shared/parity/README.md}: for each case it builds
 * the per-group schedules with {@link TorchSchedulers#create(String, java.util.Map, int)}, evaluates them
 * at steps {@code 0..steps} (a ReduceLROnPlateau observes {@code metrics[k-1]} before step k is read),
 * and compares the lrs, the momenta where the case has them, and PyTorch's error (type, message and
 * step). Values match when {@code |a-b| <= 1e-10 * max(|a|, |b|)} or {@code |a-b| <= 1e-15}.
 * <pre>{@code
 * List<CaseResult> results = ParityRunner.run(Path.of("../shared/parity/torch-lr-public.jsonl"));
 * long failed = results.stream().filter(r -> !r.passed()).count();
 * }</pre>
 */
public final class ParityRunner {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private ParityRunner() {
    }

    /**
     * Runs every case of {@code jsonlFile} (blank lines are skipped). A line that is not a case gives a
     * failed result with id {@code line N} naming the problem.
     */
    public static List<CaseResult> run(Path jsonlFile) throws IOException {
        List<String> lines = Files.readAllLines(jsonlFile);
        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            ParityCase c;
            try {
                c = ParityCase.of(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                results.add(CaseResult.fail("line " + (i + 1), "line " + (i + 1) + " of " + jsonlFile
                        + " is not JSON: " + e.getOriginalMessage()));
                continue;
            } catch (IllegalArgumentException e) {
                results.add(CaseResult.fail("line " + (i + 1), "line " + (i + 1) + " of " + jsonlFile
                        + " is not a parity case: " + e.getMessage()));
                continue;
            }
            results.add(check(c));
        }
        return results;
    }

    /** The outcome of one case. */
    static CaseResult check(ParityCase c) {
        Run run = new Run(c);
        String valueFailure = run.firstDifference();
        String errorFailure = compareErrors(c.error(), run.errorStep, run.error);
        if (valueFailure != null && (errorFailure == null || run.firstDifferenceStep < run.errorStep)) {
            return CaseResult.fail(c.id(), valueFailure);
        }
        return errorFailure == null ? CaseResult.pass(c.id()) : CaseResult.fail(c.id(), errorFailure);
    }

    private static String compareErrors(ParityCase.ExpectedError expected, int step, RuntimeException actual) {
        if (expected == null && actual == null) {
            return null;
        }
        String got = actual == null ? "no error" : describe(actual) + " at step " + step;
        if (expected == null) {
            return "unexpected " + got;
        }
        String want = expected.type() + ": " + expected.message() + " at step " + expected.atStep();
        if (actual instanceof TorchSchedulerException t && t.pythonType().equals(expected.type())
                && t.pythonMessage().equals(expected.message()) && step == expected.atStep()) {
            return null;
        }
        return "expected " + want + ", got " + got;
    }

    private static String describe(RuntimeException e) {
        return e instanceof TorchSchedulerException t ? t.pythonType() + ": " + t.pythonMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Whether two values agree within the tolerance (NaN agrees with NaN, an infinity with itself). */
    static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return Double.compare(expected, actual) == 0;
        }
        double diff = Math.abs(expected - actual);
        return diff <= 1e-15 || diff <= 1e-10 * Math.max(Math.abs(expected), Math.abs(actual));
    }

    /** The case evaluated as PyTorch steps it: values until the end or the first error. */
    private static final class Run {
        final ParityCase c;
        final int groups;
        final List<List<Double>> lrs = new ArrayList<>();
        final List<List<Double>> momentums = new ArrayList<>();
        int errorStep = Integer.MAX_VALUE;
        RuntimeException error;
        int firstDifferenceStep = Integer.MAX_VALUE;

        Run(ParityCase c) {
            this.c = c;
            this.groups = c.baseLrs().size();
            for (int g = 0; g < groups; g++) {
                lrs.add(new ArrayList<>());
                momentums.add(new ArrayList<>());
            }
            try {
                evaluate();
            } catch (RuntimeException e) {
                error = e;
            }
        }

        private void evaluate() {
            int step = 0;
            errorStep = 0;
            List<Schedule> schedules = TorchSchedulers.create(c.scheduler(), c.params(), groups);
            ScheduleGraph[] lr = new ScheduleGraph[groups];
            ScheduleGraph[] momentum = new ScheduleGraph[groups];
            RunState[] states = new RunState[groups];
            double[] bases = new double[groups];
            Clock clock = Clock.totalSteps(Math.max(1, c.steps()));
            for (int g = 0; g < groups; g++) {
                TorchScheduler s = (TorchScheduler) schedules.get(g);
                checkOptimizer(s);
                bases[g] = s.base(g, c.baseLrs().get(g), c.initialLrs() == null ? null : c.initialLrs().get(g));
                if (s instanceof OneCycleLR oneCycle) {
                    checkResumedGroup(oneCycle);
                }
                lr[g] = s.compile(clock);
                states[g] = lr[g].isStateful() ? lr[g].newRunState() : null;
                if (c.momentums() != null) {
                    momentum[g] = momentumOf(s).compile(clock);
                }
            }
            for (; step <= c.steps(); step++) {
                errorStep = step;
                double[] values = new double[groups];
                double[] moms = new double[groups];
                for (int g = 0; g < groups; g++) {
                    if (states[g] != null && step > 0) {
                        states[g].observe(step, c.metrics().get(step - 1));
                    }
                    values[g] = states[g] == null ? lr[g].lr(step, bases[g]) : lr[g].lr(step, bases[g], states[g]);
                    if (momentum[g] != null) {
                        moms[g] = momentum[g].lr(step, c.momentum());
                    }
                }
                for (int g = 0; g < groups; g++) {
                    lrs.get(g).add(values[g]);
                    momentums.get(g).add(moms[g]);
                }
            }
            errorStep = Integer.MAX_VALUE;
        }

        /** PyTorch's CyclicLR (also inside SequentialLR, ChainedScheduler) needs a momentum (SGD), not Adam's betas. */
        private void checkOptimizer(TorchScheduler s) {
            if (s instanceof SequentialLR seq) {
                seq.schedulers().forEach(this::checkOptimizer);
            } else if (s instanceof ChainedScheduler chain) {
                chain.schedulers().forEach(this::checkOptimizer);
            } else if (s instanceof CyclicLR cyclic && cyclic.cycle_momentum() && !c.optimizer().equals("SGD")
                    && !c.optimizer().equals("RMSprop")) {
                throw new TorchSchedulerException("ValueError",
                        "optimizer must support momentum with `cycle_momentum` option enabled");
            }
        }

        /**
         * A resumed OneCycleLR reads {@code max_lr} and {@code min_lr} from the param group, which only a
         * fresh OneCycleLR writes there and the case format cannot give: PyTorch raises KeyError for the
         * first of them its phase reads (after its check of the step count).
         */
        private static void checkResumedGroup(OneCycleLR s) {
            if (s.last_epoch() < 0) {
                return;
            }
            long total = s.total_steps() != null ? s.total_steps() : s.epochs() * s.steps_per_epoch();
            long e = s.last_epoch() + 1;
            if (e <= total) {
                boolean third = s.three_phase() && e > 2 * s.pct_start() * total - 2;
                throw new TorchSchedulerException("KeyError", third ? "min_lr" : "max_lr");
            }
        }

        private static Schedule momentumOf(TorchScheduler s) {
            if (s instanceof CyclicLR cyclic) {
                return cyclic.momentum();
            }
            if (s instanceof OneCycleLR oneCycle) {
                return oneCycle.momentum();
            }
            throw new IllegalArgumentException("the case has momentums, but " + s + " does not cycle momentum");
        }

        /** The first value (lr, then momentum) that differs, as a failure message; null if none. */
        String firstDifference() {
            String failure = null;
            for (String what : new String[] {"lr", "momentum"}) {
                List<List<Double>> expected = what.equals("lr") ? c.lrs() : c.momentums();
                List<List<Double>> actual = what.equals("lr") ? lrs : momentums;
                if (expected == null) {
                    continue;
                }
                if (expected.size() != groups) {
                    return what + "s: the case has " + expected.size() + " groups, base_lrs " + groups;
                }
                for (int g = 0; g < groups; g++) {
                    List<Double> want = expected.get(g);
                    List<Double> got = actual.get(g);
                    for (int k = 0; k < Math.min(want.size(), got.size()) && k < firstDifferenceStep; k++) {
                        if (!close(want.get(k), got.get(k))) {
                            firstDifferenceStep = k;
                            failure = "group " + g + ", step " + k + ": expected " + what + " " + want.get(k)
                                    + ", got " + got.get(k);
                        }
                    }
                    if (failure == null && got.size() < want.size() && error == null) {
                        firstDifferenceStep = got.size();
                        failure = "group " + g + ": expected " + want.size() + " " + what + " values, got " + got.size();
                    }
                }
            }
            return failure;
        }
    }
}
