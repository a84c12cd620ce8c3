package dev.anneal.spark.ml;

import org.apache.spark.ml.util.MLReader;

/**
 * An {@link AnnealRegressor}'s trained network as a Spark ML {@code Model}: {@code transform} adds the
 * prediction column (the network's output). Saves with {@code write().save(path)}, loads with
 * {@link #load(String)}, also inside a saved {@code PipelineModel}.
 *
 * <pre>{@code
 * AnnealRegressionModel model = new AnnealRegressor().setLayers(new int[] {32}).fit(train);
 * model.transform(test).select("label", "prediction").show();
 * }</pre>
 */
public final class AnnealRegressionModel extends AnnealModel<AnnealRegressionModel> {
    private static final long serialVersionUID = 1L;

    AnnealRegressionModel(String uid, ModelWeights weights) {
        super(uid, weights);
    }

    @Override
    AnnealRegressionModel make(String uid, ModelWeights weights) {
        return new AnnealRegressionModel(uid, weights);
    }

    /** Reads saved models (Spark ML finds this method by name). */
    public static MLReader<AnnealRegressionModel> read() {
        return new ModelIo.Reader<>(AnnealRegressionModel::new);
    }

    /** The model saved at {@code path}. */
    public static AnnealRegressionModel load(String path) {
        return read().load(path);
    }
}
