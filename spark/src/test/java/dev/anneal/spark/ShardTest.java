package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.anneal.runtime.Dataset;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the training rows are dealt to the workers. */
class ShardTest {
    /** 100 rows whose classes alternate 0, 1, 0, 1, ...; feature 0 is the row's index. */
    private static final Dataset ALTERNATING = Dataset.classification(
            IntStream.range(0, 100).mapToObj(i -> new double[] {i}).toArray(double[][]::new),
            IntStream.range(0, 100).map(i -> i % 2).toArray());

    @Test
    void shuffledShardsHoldBothClassesOfRowsThatAlternateByClass() {
        for (int worker = 0; worker < 2; worker++) {
            Shard shard = Shard.of(ALTERNATING, worker, 2, true, 7);
            long ones = Arrays.stream(shard.labels()).filter(l -> l == 1).count();
            assertEquals(50, shard.labels().length);
            assertEquals(25, ones, 8, "worker " + worker + "'s ones of 50 rows");
        }
    }

    @Test
    void shuffledShardsTogetherHoldEveryRowOnceAndDependOnTheSeedOnly() {
        int[] rows = IntStream.range(0, 3).flatMap(w -> Arrays.stream(Shard.of(ALTERNATING, w, 3, true, 7).features())
                .mapToInt(x -> (int) x[0])).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), rows);
        assertArrayEquals(Shard.of(ALTERNATING, 1, 3, true, 7).labels(), Shard.of(ALTERNATING, 1, 3, true, 7).labels());
        assertFalse(Arrays.deepEquals(Shard.of(ALTERNATING, 1, 3, true, 7).features(),
                Shard.of(ALTERNATING, 1, 3, true, 8).features()));
    }

    @Test
    void withoutShufflingWorkerWHoldsRowsWWPlusNAndSoOn() {
        Shard shard = Shard.of(ALTERNATING, 1, 3, false, 7);
        int[] rows = Arrays.stream(shard.features()).mapToInt(x -> (int) x[0]).toArray();
        assertArrayEquals(IntStream.iterate(1, r -> r < 100, r -> r + 3).toArray(), rows);
    }
}
