package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Loss;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CPU histories a GPU bundle carries read back whole: 20 epochs of finite losses, with an
 * accuracy for classification and none for regression. Runs where {@code -Danneal.gpu.reference}
 * names the recorded folder (the bundle's own checks).
 */
class RecordedHistoriesTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void recordedHistoryHasEveryEpoch(Scenario scenario) {
        Skips.unless(System.getProperty(CpuReference.PROPERTY) != null, "RecordedHistoriesTest",
                "checks the GPU bundle's recorded CPU histories; no -D" + CpuReference.PROPERTY + " names them (bundle/run.sh does)");

        List<double[]> history = CpuReference.recordedHistory(scenario);

        assertEquals(Scenario.EPOCHS, history.size());
        for (double[] epoch : history) {
            assertTrue(Double.isFinite(epoch[0]) && Double.isFinite(epoch[1]), scenario + ": " + java.util.Arrays.toString(epoch));
            assertEquals(scenario.mlp.loss() == Loss.MSE, Double.isNaN(epoch[2]), scenario + " accuracy " + epoch[2]);
        }
        assertTrue(history.getLast()[0] < history.getFirst()[0], scenario + ": training loss fell");
    }
}
