package dev.anneal.runtime.dl4j;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import java.util.HashMap;
import java.util.Map;

class AnnealScheduleTest {
    private final ScheduleGraph graph = warmup(4).startFactor(0.1).then(cosine(6)).compile(Clock.of(2, 10));

    @Test
    void aDl4jNetworkTrainsAsWithDl4jsOwnScheduleOfTheSameValues() {
        Map<Integer, Double> values = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            values.put(i, graph.lr(i, 0.5));
        }
        MultiLayerNetwork anneal = network(new AnnealSchedule(graph, 0.5));
        MultiLayerNetwork dl4j = network(new MapSchedule(ScheduleType.ITERATION, values));
        DataSet batch = new DataSet(Nd4j.create(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}),
                Nd4j.create(new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}}));
        INDArray start = anneal.params().dup();
        for (int step = 0; step < 10; step++) {
            assertEquals(graph.lr(step, 0.5), anneal.getLayerWiseConfigurations().getConf(0).getLayer()
                    .getUpdaterByParam("W").getLearningRate(step, 0), 1e-15);
            anneal.fit(batch);
            dl4j.fit(batch);
        }
        assertEquals(dl4j.params(), anneal.params());
        assertTrue(anneal.params().distance2(start) > 1e-3, "the network trained");
    }

    private static MultiLayerNetwork network(ISchedule lr) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.DOUBLE).updater(new Sgd(lr)).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void valueAtReadsTheGraphAtTheIteration() {
        AnnealSchedule s = new AnnealSchedule(graph, 0.5);
        for (int i = 0; i < 12; i++) {
            assertEquals(graph.lr(i, 0.5), s.valueAt(i, i / 2));
        }
        assertEquals(0.05, s.valueAt(0, 0), 1e-15);
    }

    @Test
    void aPlateauScheduleIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnnealSchedule.of(Schedule.plateau(), Clock.steps(), 0.1));
        assertTrue(e.getMessage().contains("has a plateau"), e.getMessage());
    }
}
