package dev.anneal.spark.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * An MLP classifier as a Spark ML {@code Estimator}: {@code fit(df)} trains data-parallel on the
 * executors with warmup/cosine or any other Anneal schedule (given as text), and returns an
 * {@link AnnealClassificationModel}. The label column holds classes as numbers (e.g. a
 * {@code StringIndexer}'s output) or as names; the features column is a vector (e.g. a
 * {@code VectorAssembler}'s output). The output layer has one unit a class found in the data.
 *
 * <pre>{@code
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
 *         new VectorAssembler().setInputCols(featureNames).setOutputCol("features"),
 *         new StringIndexer().setInputCol("species").setOutputCol("label"),
 *         new AnnealClassifier().setLayers(new int[] {64}).setSchedule("warmup(50) then cosine(450)")
 *                 .setLr(0.05).setEpochs(20).setWorkers(2)});
 * PipelineModel model = pipeline.fit(train);
 * model.transform(test).select("species", "prediction", "probability").show();
 * }</pre>
 */
public final class AnnealClassifier extends AnnealEstimator<AnnealClassifier, AnnealClassificationModel> {
    private static final long serialVersionUID = 1L;
    private final Param<String> probabilityCol;

    /** A classifier with the default params. */
    public AnnealClassifier() {
        this(Identifiable.randomUID("annealClassifier"));
    }

    /** A classifier with this uid (Spark ML makes copies and loads saved ones this way). */
    public AnnealClassifier(String uid) {
        super(uid);
        probabilityCol = new Param<>(this, "probabilityCol", "the class probabilities column the model adds");
        setDefault(probabilityCol, "probability");
    }

    /** The class probabilities column of the model (default probability). */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public AnnealClassifier setProbabilityCol(String value) {
        set(probabilityCol, value);
        return this;
    }

    public String getProbabilityCol() {
        return getOrDefault(probabilityCol);
    }

    @Override
    boolean classification() {
        return true;
    }

    @Override
    String probabilityColumn() {
        return getProbabilityCol();
    }

    @Override
    AnnealClassificationModel model(String uid, ModelWeights weights) {
        return new AnnealClassificationModel(uid, weights);
    }

    @Override
    public AnnealClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Reads saved (unfitted) classifiers. */
    public static MLReader<AnnealClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /** The classifier saved at {@code path}. */
    public static AnnealClassifier load(String path) {
        return read().load(path);
    }
}
