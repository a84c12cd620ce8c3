package dev.anneal.spark.ml;

import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLReader;

/**
 * An {@link AnnealClassifier}'s trained network as a Spark ML {@code Model}: {@code transform} adds
 * the prediction column (the most probable class: its label value when the classes are numbers, as a
 * {@code StringIndexer} makes them, else its index in {@link #classes()}) and the probability column
 * (a vector, one entry a class). Saves with {@code write().save(path)}, loads with
 * {@link #load(String)}, also inside a saved {@code PipelineModel}.
 *
 * <pre>{@code
 * AnnealClassificationModel model = new AnnealClassifier().setEpochs(20).fit(train);
 * model.transform(test).select("prediction", "probability").show();
 * model.write().overwrite().save("/tmp/anneal-model");
 * AnnealClassificationModel same = AnnealClassificationModel.load("/tmp/anneal-model");
 * }</pre>
 */
public final class AnnealClassificationModel extends AnnealModel<AnnealClassificationModel> {
    private static final long serialVersionUID = 1L;
    private final Param<String> probabilityCol;

    AnnealClassificationModel(String uid, ModelWeights weights) {
        super(uid, weights);
        probabilityCol = new Param<>(this, "probabilityCol", "the class probabilities column transform adds");
        setDefault(probabilityCol, "probability");
    }

    /** The class probabilities column (default probability). */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public AnnealClassificationModel setProbabilityCol(String value) {
        set(probabilityCol, value);
        return this;
    }

    public String getProbabilityCol() {
        return getOrDefault(probabilityCol);
    }

    /** The class names, in the order of the probability vector. */
    public List<String> classes() {
        return weights().classes();
    }

    /** Classes the model tells apart. */
    public int numClasses() {
        return classes().size();
    }

    @Override
    String probabilityColumn() {
        return getProbabilityCol();
    }

    @Override
    AnnealClassificationModel make(String uid, ModelWeights weights) {
        return new AnnealClassificationModel(uid, weights);
    }

    /** Reads saved models (Spark ML finds this method by name). */
    public static MLReader<AnnealClassificationModel> read() {
        return new ModelIo.Reader<>(AnnealClassificationModel::new);
    }

    /** The model saved at {@code path}. */
    public static AnnealClassificationModel load(String path) {
        return read().load(path);
    }
}
