package dev.anneal.runtime.training;

import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.anneal.Clock;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepRunnerTest {
    private static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);
    private static final Mlp MLP = Mlp.input(20).dense(16, Activation.TANH).dense(2);
    private static final Optimizer ADAM = Optimizer.adam(0.01);

    private static Trainer.Builder config() {
        return Trainer.builder(MLP).optimizer(ADAM).schedule(warmup(10).then(plateau().patience(0).factor(0.5)))
                .batchSize(50).epochs(4).seed(3).recordSteps(true);
    }

    @Test
    void epochsRunInRoundsOfAStepRunnerEqualTheTrainersOwnLoop() {
        Trainer own = config().build();
        History expected = own.fit(SPLIT);

        Trainer elsewhere = config().epochSteps(work -> {
            StepRunner runner = StepRunner.builder(MLP).optimizer(ADAM)
                    .schedule(Hyperparameter.LR, warmup(10).then(plateau().patience(0).factor(0.5)))
                    .clock(Clock.of(work.stepsPerEpoch(), 4L * work.stepsPerEpoch())).batchSize(50)
                    .shuffle(true, work.shuffleSeed()).build();
            while (work.stepsLeft() > 0) {
                StepRunner.Result r = runner.run(work.state(), SPLIT.train(), Math.min(3, work.stepsLeft()), null);
                work.advance(r.state(), r.losses(), r.rows());
            }
        }).build();
        History got = elsewhere.fit(SPLIT);

        for (int i = 0; i < own.network().parameters().size(); i++) {
            assertArrayEquals(own.network().parameters().get(i).values(),
                    elsewhere.network().parameters().get(i).values());
        }
        assertEquals(expected.steps(), got.steps());
        assertEquals(expected.epochs().stream().map(e -> e.trainLoss() + " " + e.valLoss() + " " + e.lr()).toList(),
                got.epochs().stream().map(e -> e.trainLoss() + " " + e.valLoss() + " " + e.lr()).toList());
    }

    @Test
    void averageWeighsByRowsAndStartsABufferWhenAnyStateHasStarted() {
        TrainingState a = new TrainingState(7, 7, new double[][] {{1, 2}}, new double[][] {{0, 4}}, null,
                new boolean[] {false}, List.of());
        TrainingState b = new TrainingState(7, 7, new double[][] {{4, 8}}, new double[][] {{3, 1}}, null,
                new boolean[] {true}, List.of());
        TrainingState mean = TrainingState.average(List.of(a, b), new double[] {2, 1});
        assertArrayEquals(new double[] {2, 4}, mean.parameters()[0]);
        assertArrayEquals(new double[] {1, 3}, mean.first()[0]);
        assertEquals(true, mean.started()[0]);
        assertThrows(IllegalArgumentException.class, () -> TrainingState.average(List.of(a, b), new double[] {0, 0}));
    }
}
