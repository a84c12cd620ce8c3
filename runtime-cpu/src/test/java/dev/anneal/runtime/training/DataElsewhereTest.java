package dev.anneal.runtime.training;

import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.anneal.Clock;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.DataFacts;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.backend.Workspace;
import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * A trainer that holds no row ({@link Trainer#fit(DataElsewhere)}): the epochs trained and the
 * validation computed by the data's holder, here a {@link StepRunner} over all the rows, give the
 * bits of the trainer's own loop, standardisation and a plateau schedule fed by validation included.
 */
class DataElsewhereTest {
    private static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);
    private static final Mlp MLP = Mlp.input(20).dense(16, Activation.TANH).dense(2);
    private static final Optimizer ADAM = Optimizer.adam(0.01);
    private static final int BATCH = 50;

    private static Trainer.Builder config() {
        return Trainer.builder(MLP).optimizer(ADAM).schedule(warmup(10).then(plateau().patience(0).factor(0.5)))
                .batchSize(BATCH).epochs(4).seed(3).standardize(true);
    }

    /** The rows of {@link #SPLIT}, held here, described to the trainer by their facts only. */
    private static final class Held implements DataElsewhere {
        private final Standardizer standardizer = Standardizer.fit(SPLIT.train());
        private StepRunner runner;

        @Override
        public DataFacts facts() {
            return new DataFacts(SPLIT.train().rows(), SPLIT.validation().rows(), SPLIT.train().columns(),
                    SPLIT.train().classes(), standardizer, DataFacts.hex(1), DataFacts.hex(2));
        }

        @Override
        public void train(EpochWork work) {
            assertNull(work.trainingData(), "the trainer holds no row");
            if (runner == null) {
                runner = StepRunner.builder(MLP).optimizer(ADAM)
                        .schedule(Hyperparameter.LR, warmup(10).then(plateau().patience(0).factor(0.5)))
                        .clock(Clock.of(work.stepsPerEpoch(), 4L * work.stepsPerEpoch())).batchSize(BATCH)
                        .shuffle(true, work.shuffleSeed()).build();
            }
            Dataset rows = work.standardizer().apply(SPLIT.train());
            while (work.stepsLeft() > 0) {
                StepRunner.Result r = runner.run(work.state(), rows, Math.min(7, work.stepsLeft()), null);
                work.advance(r.state(), r.losses(), r.rows());
            }
        }

        @Override
        public Validation validate(EpochWork work) {
            Network net = MLP.build(CpuBackend.create(), 0);
            TrainingState s = work.state();
            for (int i = 0; i < net.parameters().size(); i++) {
                net.parameters().get(i).set(s.parameters()[i]);
            }
            Dataset v = work.standardizer().apply(SPLIT.validation());
            Backend b = net.backend();
            Tensor x = b.upload(v.x(), v.rows(), v.features());
            Tensor y = b.upload(v.y(), v.rows(), v.targets());
            int[] identity = new int[v.rows()];
            java.util.Arrays.setAll(identity, i -> i);
            int batches = (v.rows() + BATCH - 1) / BATCH;
            Tensor stats = b.zeros(batches, 2);
            for (int i = 0; i < batches; i++) {
                Workspace ws = net.workspace(Math.min(BATCH, v.rows() - i * BATCH));
                b.gatherRows(x, identity, i * BATCH, ws.x);
                b.gatherRows(y, identity, i * BATCH, ws.y);
                net.forward(ws);
                net.loss(ws, stats, i, false);
            }
            double[] host = new double[2 * batches];
            b.download(stats, host);
            double loss = 0;
            double correct = 0;
            for (int i = 0; i < batches; i++) {
                loss += host[2 * i] * Math.min(BATCH, v.rows() - i * BATCH);
                correct += host[2 * i + 1];
            }
            return new Validation(loss / v.rows(), correct / v.rows());
        }
    }

    @Test
    void aTrainerOnDataElsewhereComputesWhatItsOwnLoopComputes() {
        Trainer own = config().build();
        History expected = own.fit(SPLIT);
        Trainer elsewhere = config().build();
        History got = elsewhere.fit(new Held());

        for (int i = 0; i < own.network().parameters().size(); i++) {
            assertArrayEquals(own.network().parameters().get(i).values(),
                    elsewhere.network().parameters().get(i).values(), "parameter " + i);
        }
        assertEquals(own.network().standardizer(), elsewhere.network().standardizer());
        assertEquals(expected.epochs().stream().map(e -> e.trainLoss() + " " + e.valLoss() + " " + e.valAccuracy()
                        + " " + e.lr()).toList(),
                got.epochs().stream().map(e -> e.trainLoss() + " " + e.valLoss() + " " + e.valAccuracy() + " " + e.lr())
                        .toList());
    }
}
