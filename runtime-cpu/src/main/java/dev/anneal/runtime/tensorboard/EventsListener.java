package dev.anneal.runtime.tensorboard;

import com.google.protobuf.ByteString;
import dev.anneal.Schedule;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.ResumePoint;
import dev.anneal.runtime.StepRecord;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingListener;
import dev.anneal.runtime.tensorboard.EventProtos.DataType;
import dev.anneal.runtime.tensorboard.EventProtos.Event;
import dev.anneal.runtime.tensorboard.EventProtos.SessionLog;
import dev.anneal.runtime.tensorboard.EventProtos.Summary;
import dev.anneal.runtime.tensorboard.EventProtos.SummaryMetadata;
import dev.anneal.runtime.tensorboard.EventProtos.TensorProto;
import dev.anneal.runtime.tensorboard.EventProtos.TensorShapeProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's TensorBoard event file as the epochs end: at each epoch's last step count,
 * {@code loss/train}, {@code loss/val}, {@code accuracy/val} and the learning rate after the epoch
 * ({@code lr}, or {@code lr/GROUP} for each of several param groups: the values of
 * {@code history.csv}); with {@link Trainer.Builder#recordSteps} also the learning rate of every step;
 * at step 0 the schedule's text ({@code schedule}, {@code schedule/momentum}, ...) as a text summary.
 * Every trainer with a {@link dev.anneal.runtime.RunFolder} has one.
 *
 * <pre>{@code
 * Trainer t = Trainer.builder(mlp).schedule(s).listener(EventsListener.into(dir, Map.of(Hyperparameter.LR, s))).build();
 * }</pre>
 *
 * A run that continues in the same folder appends to its file, first TensorBoard's restart mark (a
 * {@code SessionLog} {@code START} just after the checkpoint's step, so that TensorBoard drops what the
 * earlier process wrote after its checkpoint, which is written again); one resumed into a new folder
 * first writes the epochs it restored.
 */
public final class EventsListener implements TrainingListener {
    private final Path dir;
    private final Map<Hyperparameter, Schedule> schedules;
    private EventFile file;
    private int stepsSeen;
    private long lrWrittenTo = -1;

    private EventsListener(Path dir, Map<Hyperparameter, Schedule> schedules) {
        this.dir = dir;
        this.schedules = schedules.isEmpty() ? Map.of() : new EnumMap<>(schedules);
    }

    /** A listener writing into {@code dir}, whose text summaries show {@code schedules}. */
    public static EventsListener into(Path dir, Map<Hyperparameter, Schedule> schedules) {
        return new EventsListener(dir, schedules);
    }

    @Override
    public void onResume(ResumePoint point, Trainer trainer) {
        List<Event> events = new ArrayList<>();
        try {
            open(events, point.step());
            List<StepRecord> steps = trainer.history().steps();
            if (!file.continues()) {
                for (StepRecord s : steps) {
                    events.add(event(s.step(), lrValues(s.lr())));
                }
                for (EpochRecord r : point.restored()) {
                    List<Summary.Value> values = losses(r);
                    if (steps.isEmpty() && r.epoch() < point.epoch()) {
                        events.add(event(r.steps() - 1, lrValues(r.lr())));
                    }
                    if (r.epoch() == point.epoch()) {
                        values.addAll(lrValues(trainer.nextLr()));
                    }
                    events.add(event(r.steps(), values));
                }
            }
            stepsSeen = steps.size();
            lrWrittenTo = point.step();
            file.append(events);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
        List<Event> events = new ArrayList<>();
        try {
            if (file == null) {
                open(events, 0);
            }
            List<StepRecord> steps = trainer.history().steps();
            for (int i = stepsSeen; i < steps.size(); i++) {
                StepRecord s = steps.get(i);
                if (s.step() > lrWrittenTo) {
                    events.add(event(s.step(), lrValues(s.lr())));
                }
            }
            stepsSeen = steps.size();
            List<Summary.Value> values = losses(epoch);
            values.addAll(lrValues(trainer.nextLr()));
            events.add(event(epoch.steps(), values));
            lrWrittenTo = epoch.steps();
            file.append(events);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /**
     * Finds or names the file. A new one gets the schedules' text at step 0; one that an earlier process
     * of the run wrote gets TensorBoard's restart mark at the step after {@code step}, the resumed
     * checkpoint's, which drops what that process wrote after the checkpoint (it is written again).
     */
    private void open(List<Event> events, long step) throws IOException {
        file = EventFile.in(dir, System.currentTimeMillis());
        if (file.continues()) {
            events.add(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step + 1)
                    .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START)).build());
            return;
        }
        List<Summary.Value> texts = new ArrayList<>();
        schedules.forEach((what, schedule) -> texts.add(text(
                what == Hyperparameter.LR ? "schedule" : "schedule/" + what.name().toLowerCase(Locale.ROOT),
                schedule.toString())));
        if (!texts.isEmpty()) {
            events.add(event(0, texts));
        }
    }

    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("cannot write TensorBoard events to " + (file == null ? dir : file.path())
                + ": " + e.getMessage(), e);
    }

    private static List<Summary.Value> losses(EpochRecord r) {
        List<Summary.Value> values = new ArrayList<>();
        values.add(scalar("loss/train", r.trainLoss()));
        if (!Double.isNaN(r.valLoss())) {
            values.add(scalar("loss/val", r.valLoss()));
        }
        if (!Double.isNaN(r.valAccuracy())) {
            values.add(scalar("accuracy/val", r.valAccuracy()));
        }
        return values;
    }

    /** {@code lr}, or {@code lr/GROUP} for each group when there are several. */
    private static List<Summary.Value> lrValues(Map<String, Double> lrs) {
        List<Summary.Value> values = new ArrayList<>();
        lrs.forEach((group, lr) -> values.add(scalar(lrs.size() == 1 ? "lr" : "lr/" + group, lr)));
        return values;
    }

    private static Summary.Value scalar(String tag, double value) {
        return Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value).build();
    }

    /** A text summary: a string tensor of rank 0 for TensorBoard's text plugin. */
    private static Summary.Value text(String tag, String text) {
        return Summary.Value.newBuilder().setTag(tag)
                .setMetadata(SummaryMetadata.newBuilder()
                        .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName("text")))
                .setTensor(TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                        .setTensorShape(TensorShapeProto.getDefaultInstance())
                        .addStringVal(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
                .build();
    }

    private static Event event(long step, List<Summary.Value> values) {
        return Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step)
                .setSummary(Summary.newBuilder().addAllValue(values)).build();
    }
}
