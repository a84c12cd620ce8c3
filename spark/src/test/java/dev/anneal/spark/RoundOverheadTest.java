package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundOverheadTest {

    @Test
    void theRoundsSinceAnEarlierReadingHaveTheirOwnMeans() {
        RoundOverhead earlier = new RoundOverhead(2, 10, 4, 1, 1, 6, 1, 16, 1);
        RoundOverhead now = new RoundOverhead(4, 20, 7, 2, 1.5, 13, 1.5, 18, 1);

        RoundOverhead since = now.since(earlier);

        assertEquals(new RoundOverhead(2, 30, 10, 3, 2, 20, 2, 20, 1), since);
        assertEquals(10 - 3 - 2 - 2 - 1, since.sparkMillis(), 1e-12);
        assertEquals(0, now.since(now).rounds());
    }
}
