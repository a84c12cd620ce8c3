package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.training.TrainingState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How the training state travels and is averaged. */
class PackedStateTest {
    private static final int[] SHAPE = {784 * 512, 512, 512 * 10, 10};

    /** A state with Adam's two buffers whose values are float32 numbers (as a float32 run's are) when {@code narrow}. */
    private static TrainingState state(long seed, boolean narrow, boolean[] started) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][][] parts = new double[3][SHAPE.length][];
        for (double[][] part : parts) {
            for (int p = 0; p < SHAPE.length; p++) {
                part[p] = new double[SHAPE[p]];
                for (int i = 0; i < SHAPE[p]; i++) {
                    double v = rng.nextGaussian() * 0.1;
                    part[p][i] = narrow ? (float) v : v;
                }
            }
        }
        return new TrainingState(40, 40, parts[0], parts[1], parts[2], started,
                List.of(Map.of("last_epoch", 3L)));
    }

    @Test
    void float32StatesTravelAsFourBytesANumberAndComeBackEqual() throws IOException {
        TrainingState s = state(1, true, new boolean[] {true, false, true, true});

        PackedState packed = PackedState.of(s, Precision.FLOAT32);
        TrainingState back = packed.unpack();

        long numbers = 3L * (784 * 512 + 512 + 512 * 10 + 10);
        long bytes = serializedSize(packed);
        assertEquals(4 * numbers, bytes, 2000, "serialized size against 4 bytes a number");
        assertEquals(s.step(), back.step());
        assertEquals(s.optimizerSteps(), back.optimizerSteps());
        assertArrayEquals(s.started(), back.started());
        assertEquals(s.schedules(), back.schedules());
        for (int p = 0; p < SHAPE.length; p++) {
            assertArrayEquals(s.parameters()[p], back.parameters()[p]);
            assertArrayEquals(s.first()[p], back.first()[p]);
            assertArrayEquals(s.second()[p], back.second()[p]);
        }
    }

    @Test
    void float64StatesComeBackEqualAndSgdStatesHaveNoSecondBuffer() {
        TrainingState s = state(2, false, new boolean[4]);
        TrainingState sgd = new TrainingState(5, 5, s.parameters(), s.first(), null, new boolean[4], List.of());

        TrainingState back = PackedState.of(s, Precision.FLOAT64).unpack();
        TrainingState sgdBack = PackedState.of(sgd, Precision.FLOAT64).unpack();

        for (int p = 0; p < SHAPE.length; p++) {
            assertArrayEquals(s.parameters()[p], back.parameters()[p]);
            assertArrayEquals(s.second()[p], back.second()[p]);
            assertArrayEquals(s.first()[p], sgdBack.first()[p]);
        }
        assertNull(sgdBack.second());
    }

    @Test
    void averagedResultsAreTheFloat32RoundingOfTheFloat64AverageInAnyArrivalOrder() {
        List<TrainingState> states = new ArrayList<>();
        List<WorkerResult> results = new ArrayList<>();
        double[] weights = {256, 256, 100};
        for (int w = 0; w < 3; w++) {
            TrainingState s = state(10 + w, true, new boolean[] {w == 2, false, false, false});
            states.add(s);
            results.add(new WorkerResult(w, PackedState.of(s, Precision.FLOAT32), weights[w], new double[] {w},
                    new int[] {(int) weights[w]}, w, w, w, w));
        }
        TrainingState expected = TrainingState.average(states, weights);

        TrainingState inOrder = WorkerResult.combine(results).state().unpack();
        Collections.reverse(results);
        WorkerResult reversed = WorkerResult.combine(results);

        for (int p = 0; p < SHAPE.length; p++) {
            for (int i = 0; i < SHAPE[p]; i++) {
                assertEquals((float) expected.parameters()[p][i], inOrder.parameters()[p][i]);
                assertEquals((float) expected.second()[p][i], inOrder.second()[p][i]);
            }
            assertArrayEquals(inOrder.parameters()[p], reversed.state().unpack().parameters()[p]);
        }
        assertArrayEquals(new boolean[] {true, false, false, false}, inOrder.started());
        assertEquals(612, reversed.weight());
        assertArrayEquals(new int[] {612}, reversed.rows());
        assertArrayEquals(new double[] {3}, reversed.lossSums());
        assertEquals(0, reversed.worker());
        assertEquals(2, reversed.stepsNanos());
        assertEquals(3, reversed.busyNanos());
    }

    @Test
    void aGroupThatTrainedOnNoRowsKeepsItsFirstStateAndWeighsNothing() {
        TrainingState a = state(20, true, new boolean[] {false, false, false, false});
        TrainingState b = state(21, true, new boolean[] {false, true, false, false});
        WorkerResult group = WorkerResult.combine(List.of(
                new WorkerResult(9, PackedState.of(b, Precision.FLOAT32), 0, new double[1], new int[1], 0, 0, 0, 0),
                new WorkerResult(8, PackedState.of(a, Precision.FLOAT32), 0, new double[1], new int[1], 0, 0, 0, 0)));

        TrainingState s = group.state().unpack();
        assertEquals(0, group.weight());
        assertEquals(8, group.worker());
        assertArrayEquals(a.parameters()[0], s.parameters()[0]);
        assertArrayEquals(new boolean[] {false, true, false, false}, s.started());
    }

    private static long serializedSize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.size();
    }
}
