package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.training.TrainingState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twenty workers' results averaged the way a round averages them (in groups of {@value SparkEpochs#FAN_IN}
 * on the executors, then on the driver), fed in shuffled and reversed orders, one result a partition:
 * the average has the same bits whatever order the results arrive in.
 */
class ArrivalOrderTest {
    private static final int WORKERS = 20;
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Worker {@code w}'s result: random float32 parameters and momentum, a row count that differs by worker. */
    private static WorkerResult result(int w) {
        SplittableRandom rng = new SplittableRandom(100 + w);
        double[][] params = {new double[300], new double[20]};
        double[][] first = {new double[300], new double[20]};
        for (double[][] part : List.of(params, first)) {
            for (double[] p : part) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = (float) (rng.nextGaussian() * 0.3);
                }
            }
        }
        TrainingState s = new TrainingState(50, 50, params, first, null, new boolean[] {true, true},
                List.of(Map.of("last_epoch", 1L)));
        double weight = 30 + w % 7;
        return new WorkerResult(w, PackedState.of(s, Precision.FLOAT32), weight, new double[] {weight * 0.5},
                new int[] {(int) weight}, 1, 1, 1, 1);
    }

    private static double[] flat(WorkerResult r) {
        TrainingState s = r.state().unpack();
        double[] out = new double[340];
        System.arraycopy(s.parameters()[0], 0, out, 0, 300);
        System.arraycopy(s.parameters()[1], 0, out, 300, 20);
        System.arraycopy(s.first()[1], 0, out, 320, 20);
        return out;
    }

    @Test
    void twentyWorkersAveragedInGroupsGiveTheSameBitsWhateverOrderTheirResultsArriveIn() {
        List<WorkerResult> results = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            results.add(result(w));
        }
        assertTrue(WORKERS > SparkEpochs.FAN_IN, "the grouping path");
        WorkerResult inOrder = SparkEpochs.round(spark.parallelize(results, WORKERS), WORKERS);

        List<List<WorkerResult>> orders = new ArrayList<>();
        List<WorkerResult> reversed = new ArrayList<>(results);
        Collections.reverse(reversed);
        orders.add(reversed);
        Random rng = new Random(7);
        for (int i = 0; i < 4; i++) {
            List<WorkerResult> shuffled = new ArrayList<>(results);
            Collections.shuffle(shuffled, rng);
            orders.add(shuffled);
        }
        for (List<WorkerResult> order : orders) {
            WorkerResult got = SparkEpochs.round(spark.parallelize(order, WORKERS), WORKERS);
            assertArrayEquals(flat(inOrder), flat(got), "arrival order " + order.stream().map(WorkerResult::worker).toList());
            assertEquals(inOrder.weight(), got.weight());
            assertArrayEquals(inOrder.lossSums(), got.lossSums());
        }

        double[] naive = new double[340];
        double total = 0;
        for (WorkerResult r : reversed) {
            double[] v = flat(r);
            for (int i = 0; i < v.length; i++) {
                naive[i] += r.weight() * v[i];
            }
            total += r.weight();
        }
        double worst = 0;
        double[] mean = flat(inOrder);
        for (int i = 0; i < naive.length; i++) {
            worst = Math.max(worst, Math.abs(naive[i] / total - mean[i]));
        }
        assertTrue(worst < 1e-6, "the grouped average is the weighted mean: off by " + worst);
    }
}
