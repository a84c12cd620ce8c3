package dev.anneal.samples.train;

import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Span;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.StepRecord;
import dev.anneal.runtime.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace beside the trainer gives exactly the learning rates the trainer applied. */
class ScheduleTraceTest {

    @Test
    void traceRepeatsTheTrainersLearningRatesStepForStepWithAPlateau() {
        Experiment experiment = Experiment.defaults()
                .schedule(warmup(Span.epochs(1)).then(plateau().patience(0).factor(0.5)))
                .epochs(8);
        var data = SyntheticData.generate(200, 20, 3).split(160);
        Trainer trainer = experiment.trainer().recordSteps(true).build();
        History history = trainer.fit(data);

        ScheduleTrace trace = new ScheduleTrace(experiment.schedule(), experiment.clock(160), experiment.baseLr());
        for (EpochRecord e : history.epochs()) {
            ScheduleTrace.Epoch traced = trace.epochEnd(e.epoch(), e.valLoss());
            assertEquals(e.lr().get("default"), trace.steps()[(int) e.steps() - 1], "last step of epoch " + e.epoch());
            assertEquals(traced.lr(), trace.steps()[(int) e.steps()], "after epoch " + e.epoch());
        }
        double[] traced = trace.steps();
        List<StepRecord> steps = history.steps();
        assertEquals(steps.size() + 1, traced.length);
        for (StepRecord s : steps) {
            assertEquals(s.lr().get("default"), traced[(int) s.step()], "step " + s.step());
        }
        long reductions = steps.stream().mapToDouble(s -> s.lr().get("default")).distinct().count();
        assertTrue(reductions > 3, "the plateau reduced the learning rate in this run: " + reductions + " values");
    }
}
