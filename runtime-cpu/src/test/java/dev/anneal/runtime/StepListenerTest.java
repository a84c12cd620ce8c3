package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TrainingListener#onStep}: told after every optimizer step, for progress bars. */
class StepListenerTest {

    @Test
    void onStepCountsEachEpochsBatchesFromOne() {
        double[][] x = new double[10][2];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {i, -i};
            y[i] = i % 2;
        }
        List<String> calls = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
                calls.add("end " + epoch.epoch());
            }

            @Override
            public void onStep(int epoch, int batch, int batches, Trainer trainer) {
                calls.add(epoch + ":" + batch + "/" + batches);
            }
        };
        Trainer trainer = Trainer.builder(Mlp.input(2).dense(2)).batchSize(4).epochs(2).listener(listener).build();
        trainer.fit(Dataset.classification(x, y), null);

        assertEquals(List.of("1:1/3", "1:2/3", "1:3/3", "end 1", "2:1/3", "2:2/3", "2:3/3", "end 2"), calls);
    }
}
