package dev.anneal.samples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverfitWatchTest {

    private static List<String> notes(double[] train, double[] val) {
        OverfitWatch watch = new OverfitWatch();
        List<String> notes = new ArrayList<>();
        for (int e = 0; e < train.length; e++) {
            notes.add(watch.note(e + 1, train[e], val[e]));
        }
        return notes;
    }

    @Test
    void flagsOnceWhenValLossStaysAboveItsBestForThreeEpochsWhileTrainLossFalls() {
        List<String> notes = notes(new double[] {0.7, 0.3, 0.17, 0.15, 0.13, 0.11, 0.10, 0.09},
                new double[] {0.49, 0.23, 0.197, 0.21, 0.20, 0.22, 0.23, 0.24});

        assertEquals(List.of("", "", "", "", "", "overfitting: val loss rising since epoch 3", "", ""), notes);
    }

    @Test
    void aNewBestStartsTheWatchAgain() {
        List<String> notes = notes(new double[] {0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.09, 0.08, 0.07},
                new double[] {0.3, 0.31, 0.32, 0.29, 0.30, 0.31, 0.32, 0.33, 0.34});

        assertEquals(List.of("", "", "", "", "", "", "overfitting: val loss rising since epoch 4", "", ""), notes);
    }

    @Test
    void saysNothingWhenTheTrainingLossRisesToo() {
        List<String> notes = notes(new double[] {0.5, 0.4, 0.45, 0.5, 0.55}, new double[] {0.3, 0.2, 0.25, 0.3, 0.35});

        assertEquals(List.of("", "", "", "", ""), notes);
    }

    @Test
    void joinsWithTheScheduleNote() {
        assertEquals("cosine minimum, overfitting: val loss rising since epoch 3",
                OverfitWatch.join("cosine minimum", "overfitting: val loss rising since epoch 3"));
        assertEquals("warmup", OverfitWatch.join("warmup", ""));
        assertEquals("overfitting: x", OverfitWatch.join("", "overfitting: x"));
    }
}
