package dev.anneal.spark.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * An MLP regressor as a Spark ML {@code Estimator}: {@code fit(df)} trains data-parallel on the
 * executors (mean squared error, one output) and returns an {@link AnnealRegressionModel}. The label
 * column holds the numeric target; the features column is a vector (e.g. a {@code VectorAssembler}'s
 * output).
 *
 * <pre>{@code
 * AnnealRegressionModel model = new AnnealRegressor().setLayers(new int[] {32}).setOptimizer("adam")
 *         .setLr(0.01).setEpochs(30).fit(train);
 * model.transform(test).select("label", "prediction").show();
 * }</pre>
 */
public final class AnnealRegressor extends AnnealEstimator<AnnealRegressor, AnnealRegressionModel> {
    private static final long serialVersionUID = 1L;

    /** A regressor with the default params. */
    public AnnealRegressor() {
        this(Identifiable.randomUID("annealRegressor"));
    }

    /** A regressor with this uid (Spark ML makes copies and loads saved ones this way). */
    public AnnealRegressor(String uid) {
        super(uid);
    }

    @Override
    boolean classification() {
        return false;
    }

    @Override
    AnnealRegressionModel model(String uid, ModelWeights weights) {
        return new AnnealRegressionModel(uid, weights);
    }

    @Override
    public AnnealRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Reads saved (unfitted) regressors. */
    public static MLReader<AnnealRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /** The regressor saved at {@code path}. */
    public static AnnealRegressor load(String path) {
        return read().load(path);
    }
}
