package dev.anneal.runtime.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Parameter;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.StepRecord;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.folder.CheckpointFile;
import dev.anneal.runtime.folder.EpochLog;
import dev.anneal.runtime.folder.RunIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint holds and how a run is restored from it: the model (its shape, precision, parameters,
 * standardizer, and the names of its data's columns and classes), the optimizer (step count, buffers),
 * each schedule's run state, the data order
 * (shuffle seed; an epoch's order is a function of the seed and the epoch), the step, the epoch, the
 * run's {@link RunIdentity}, and the history so far: inside the file, or (for the checkpoints of a
 * {@link RunFolder}, whose size must not grow with the epochs) as a reference to the folder's
 * {@code epochs.jsonl}. Loading checks that the checkpoint fits the trainer's configuration and
 * names every difference.
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    /**
     * Writes {@code run}'s state to {@code file}; the history goes inside, or, when {@code historyLog}
     * is given (a path relative to the file's folder), stays in that log.
     */
    public static void write(Path file, TrainingRun run, String historyLog) {
        TrainerConfig c = run.config();
        Network net = run.network();
        OptimizerState opt = run.optimizer();
        List<CheckpointFile.Entry> tensors = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            tensors.add(new CheckpointFile.Entry(p.name(), p.rows(), p.cols(), p.values()));
        }
        List<Object> started = new ArrayList<>();
        for (int i = 0; i < net.parameters().size(); i++) {
            Parameter p = net.parameters().get(i);
            tensors.add(new CheckpointFile.Entry("optimizer." + p.name() + ".first", p.rows(), p.cols(),
                    host(net.backend(), opt.first[i])));
            if (opt.second[i] != null) {
                tensors.add(new CheckpointFile.Entry("optimizer." + p.name() + ".second", p.rows(), p.cols(),
                        host(net.backend(), opt.second[i])));
            }
            started.add(opt.started[i]);
        }
        List<Object> groups = new ArrayList<>();
        for (GroupState g : opt.groups) {
            groups.add(g.name);
        }
        Standardizer s = net.standardizer();
        Map<String, Object> header = TrainingRun.map(
                "format", "anneal-checkpoint",
                "model", c.mlp().toString(),
                "precision", net.backend().precision().name().toLowerCase(java.util.Locale.ROOT),
                "columns", TrainingRun.map("features", run.columns().features(),
                        "targets", run.columns().targets(), "classes", run.classes()),
                "standardizer", s == null ? null
                        : TrainingRun.map("mean", TrainingRun.list(s.mean()), "std", TrainingRun.list(s.std())),
                "optimizer", TrainingRun.map("kind", c.optimizer().kind().name(), "groups", groups,
                        "steps", opt.steps, "started", started),
                "schedules", run.schedules().stateDicts(),
                "data", TrainingRun.map("shuffle", c.shuffle(), "shuffleSeed", c.shuffleSeed(),
                        "trainRows", run.trainRows(), "batchSize", c.batchSize()),
                "epoch", run.epochsDone(),
                "step", run.step(),
                "configuration", run.identity().facts(),
                "history", historyLog != null ? TrainingRun.map("log", historyLog, "epochs", run.epochsDone())
                        : TrainingRun.map("epochs", run.epochRecords(), "steps", run.stepRecords()));
        CheckpointFile.write(file, CheckpointFile.json().convertValue(header, Map.class), tensors,
                net.backend().precision() == Precision.FLOAT32);
    }

    private static double[] host(Backend b, Tensor t) {
        double[] out = new double[t.size()];
        b.download(t, out);
        return out;
    }

    static Standardizer standardizer(CheckpointFile.Contents saved) {
        Object s = saved.header().get("standardizer");
        if (!(s instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("checkpoint has no standardizer, but this trainer standardises");
        }
        return new Standardizer(doubles(m.get("mean")), doubles(m.get("std")));
    }

    /**
     * Restores {@code run} from {@code saved} (read from {@code file}).
     *
     * @return the accepted changes of configuration, one line each
     * @throws IllegalArgumentException naming every difference that is not accepted
     */
    static List<String> restore(Path file, CheckpointFile.Contents saved, TrainingRun run) {
        Map<String, Object> h = saved.header();
        TrainerConfig c = run.config();
        List<String> accepted = new ArrayList<>();
        if (h.containsKey("configuration")) {
            RunIdentity before = RunIdentity.from(h.get("configuration"));
            int epoch = ((Number) h.get("epoch")).intValue();
            List<String> differences = before.differences(run.identity(), c.schedules().values(),
                    run.stepsPerEpoch(), epoch);
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException("checkpoint " + file + " does not fit this run: "
                        + String.join("; ", differences));
            }
            String change = before.acceptedChange(run.identity());
            if (change != null) {
                accepted.add(change);
            }
        }
        expect("model", h.get("model"), c.mlp().toString());
        Map<?, ?> opt = (Map<?, ?>) h.get("optimizer");
        expect("optimizer", opt.get("kind"), c.optimizer().kind().name());
        OptimizerState state = run.optimizer();
        List<Object> groups = new ArrayList<>();
        for (GroupState g : state.groups) {
            groups.add(g.name);
        }
        expect("param groups", opt.get("groups"), groups);
        Map<?, ?> data = (Map<?, ?>) h.get("data");
        expect("shuffle", data.get("shuffle"), c.shuffle());
        expect("shuffle seed", ((Number) data.get("shuffleSeed")).longValue(), c.shuffleSeed());
        expect("training rows", ((Number) data.get("trainRows")).intValue(), run.trainRows());
        expect("batch size", ((Number) data.get("batchSize")).intValue(), c.batchSize());
        Network net = run.network();
        List<?> started = (List<?>) opt.get("started");
        for (int i = 0; i < net.parameters().size(); i++) {
            Parameter p = net.parameters().get(i);
            p.set(saved.tensor(p.name(), p.rows(), p.cols()));
            net.backend().upload(saved.tensor("optimizer." + p.name() + ".first", p.rows(), p.cols()), state.first[i]);
            if (state.second[i] != null) {
                net.backend().upload(saved.tensor("optimizer." + p.name() + ".second", p.rows(), p.cols()),
                        state.second[i]);
            }
            state.started[i] = (Boolean) started.get(i);
        }
        state.steps = ((Number) opt.get("steps")).longValue();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> schedules = (List<Map<String, Object>>) h.get("schedules");
        run.schedules().loadStateDicts(schedules);
        run.position(((Number) h.get("epoch")).intValue(), ((Number) h.get("step")).longValue());
        ObjectMapper json = CheckpointFile.json();
        Map<?, ?> history = (Map<?, ?>) h.get("history");
        if (history.get("log") instanceof String log) {
            Path logFile = file.toAbsolutePath().getParent().resolve(log).normalize();
            EpochLog.read(logFile, ((Number) history.get("epochs")).intValue(), run.epochRecords(),
                    run.stepRecords());
            return accepted;
        }
        for (Object e : (List<?>) history.get("epochs")) {
            run.epochRecords().add(json.convertValue(e, EpochRecord.class));
        }
        for (Object e : (List<?>) history.get("steps")) {
            run.stepRecords().add(json.convertValue(e, StepRecord.class));
        }
        return accepted;
    }

    private static void expect(String what, Object saved, Object now) {
        if (!String.valueOf(saved).equals(String.valueOf(now))) {
            throw new IllegalArgumentException("checkpoint does not fit this trainer: " + what + " is " + saved
                    + " in the checkpoint, " + now + " here");
        }
    }

    private static double[] doubles(Object list) {
        List<?> l = (List<?>) list;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = l.get(i);
            out[i] = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
        }
        return out;
    }
}
